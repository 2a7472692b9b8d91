-- Reads "a<TAB>b" lines from the file named by %{_ls_pairs}; prints rpm.vercmp(a, b) per line.
local f = assert(io.open(rpm.expand("%{_ls_pairs}"), "r"))
local out = {}
for line in f:lines() do
  local a, b = line:match("^(.-)\t(.*)$")
  out[#out + 1] = tostring(rpm.vercmp(a, b))
end
f:close()
print(table.concat(out, "\n"))

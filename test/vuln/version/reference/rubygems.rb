# Reference for the RubyGems comparator: Gem::Version#<=>.
# usage: ruby rubygems.rb PAIRS_FILE  -> -1/0/1 per "a<TAB>b" line, or 2 when either is invalid.
out = []
File.foreach(ARGV[0], chomp: true) do |line|
  a, b = line.split("\t", 2)
  b ||= ''
  if Gem::Version.correct?(a) && Gem::Version.correct?(b)
    out << (Gem::Version.new(a) <=> Gem::Version.new(b))
  else
    out << 2
  end
end
puts out

// Reference for the Go comparator: golang.org/x/mod/semver as vendored in the Go toolchain
// (copied into a throwaway module by gosemver.sh, since the module proxy may be offline).
// Reads "a<TAB>b" lines from the file in os.Args[1]; prints Compare(a, b), or 2 when either
// side is not valid.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"leftshiftref/semver"
)

func main() {
	f, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	defer f.Close()
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		ab := strings.SplitN(sc.Text(), "\t", 2)
		if !semver.IsValid(ab[0]) || !semver.IsValid(ab[1]) {
			fmt.Fprintln(w, 2)
			continue
		}
		fmt.Fprintln(w, semver.Compare(ab[0], ab[1]))
	}
}

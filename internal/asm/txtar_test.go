package asm

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected output of testdata/cases")

// TestCases runs the archives in testdata/cases. Each holds a file prog.s
// and the expected result: either "errors", the error list of Assemble, or
// "disasm", the Disassemble text of the assembled program (which must
// reassemble to the same object). With -update the expected results are
// rewritten; review the diff.
func TestCases(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "cases", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no test cases")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var src []byte
			var want *txtar.File
			for i := range ar.Files {
				switch f := &ar.Files[i]; f.Name {
				case "prog.s":
					src = f.Data
				case "errors", "disasm":
					want = f
				}
			}
			if src == nil || want == nil {
				t.Fatalf("%s needs prog.s and errors or disasm", file)
			}
			var got []byte
			u, err := Assemble("prog.s", src)
			switch {
			case want.Name == "errors" && err == nil:
				t.Fatalf("Assemble succeeded, want errors")
			case want.Name == "errors":
				got = []byte(err.Error() + "\n")
			case err != nil:
				t.Fatalf("Assemble: %v", err)
			default:
				if got, err = Disassemble(u.Object, u.Annotations); err != nil {
					t.Fatalf("Disassemble: %v", err)
				}
				u2, err := Assemble("disasm", got)
				if err != nil {
					t.Fatalf("reassembling: %v", err)
				}
				if diff := cmp.Diff(u.Object, u2.Object); diff != "" {
					t.Errorf("reassembled object differs:\n%s", diff)
				}
				if diff := cmp.Diff(u.Annotations, u2.Annotations); diff != "" {
					t.Errorf("reassembled annotations differ:\n%s", diff)
				}
			}
			if *update {
				want.Data = got
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !bytes.Equal(got, want.Data) {
				t.Errorf("%s (-want +got):\n%s", want.Name, cmp.Diff(strings.Split(string(want.Data), "\n"), strings.Split(string(got), "\n")))
			}
		})
	}
}

package bench

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
)

// ClangPath is where the corpus expects clang 19.
const ClangPath = "/usr/lib/llvm-19/bin/clang"

// Clang returns a reference-compiler stage (Options.Clang) that compiles
// a program's source with the clang at path as an eBPF developer does
// ("-O2 -g -target bpf -mcpu=v3 -nostdinc -isystem include"), reading the
// source from stdin, and returns the object. include is the directory of
// vep's hermetic headers (cparse/include). The stage returns an error when
// clang fails.
func Clang(path, include string) Stage {
	return func(name string, src []byte) (StageResult, error) {
		cmd := exec.Command(path, "-O2", "-g", "-target", "bpf", "-mcpu=v3",
			"-nostdinc", "-isystem", include, "-c", "-x", "c", "-", "-o", "-")
		cmd.Stdin = bytes.NewReader(src)
		var out, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &stderr
		if err := cmd.Run(); err != nil {
			return StageResult{}, fmt.Errorf("clang: %v: %s", err, strings.TrimSpace(stderr.String()))
		}
		return StageResult{Verdict: Safe, Object: out.Bytes()}, nil
	}
}

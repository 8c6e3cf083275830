package proofs_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"vep/proofs"
)

func TestZZSlow(t *testing.T) {
	files, _ := filepath.Glob(os.Getenv("FZDIR") + "/*")
	var vcs []proofs.VC
	for _, src := range fuzzVCs {
		vcs = append(vcs, parseVC(t, src))
	}
	for _, f := range files {
		data, _ := os.ReadFile(f)
		lines := strings.Split(string(data), "\n")
		if len(lines) < 2 {
			continue
		}
		s := strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")")
		b, err := strconv.Unquote(s)
		if err != nil {
			continue
		}
		start := time.Now()
		p, err := proofs.UnmarshalEntailment([]byte(b), nil)
		if err == nil {
			for _, vc := range vcs {
				_ = proofs.CheckEntailment(vc, nil, p)
			}
		}
		if d := time.Since(start); d > 50*time.Millisecond {
			t.Logf("%s: %v (%d bytes)", filepath.Base(f), d, len(b))
		}
	}
}

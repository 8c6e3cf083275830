package vep

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzVerify runs Verify on arbitrary C with annotations, seeded with the
// corpus: no input may panic, and each call must end in bounded time
// (WithMaxSteps bounds the symbolic execution).
func FuzzVerify(f *testing.F) {
	files, _ := filepath.Glob("examples/*/*.c")
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte(header + `SEC("xdp") int f(struct xdp_md *ctx) { /*@ Inv i <= 4 Variant 4 - i */ for (int i = 0; i < 4; i++) ; return 2; }`))
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<14 {
			return
		}
		start := time.Now()
		rep, err := Verify("fuzz.c", src, WithMaxSteps(20000))
		if d := time.Since(start); d > 20*time.Second {
			t.Fatalf("Verify took %v", d)
		}
		if err == nil && rep == nil {
			t.Fatal("Verify returned neither a report nor an error")
		}
	})
}

package cparse

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkParse measures Parse (preprocessing, type checking, lowering
// and annotations) per example program:
//
//	go test -run '^$' -bench Parse -benchmem ./cparse
func BenchmarkParse(b *testing.B) {
	for _, file := range exampleFiles(b) {
		src, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(file), ".c")
		wantErr := strings.Contains(file, "badrelo")
		b.Run(filepath.Base(filepath.Dir(file))+"/"+name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Parse(file, src); (err != nil) != wantErr {
					b.Fatal(err)
				}
			}
		})
	}
}

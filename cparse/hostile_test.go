package cparse

import (
	"strings"
	"testing"
	"time"
)

// TestHostileInput checks inputs that sent modernc.org/cc/v4's parser into
// an endless loop (found by vep's FuzzVerify): each must end, quickly, in
// a positioned error.
func TestHostileInput(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"include without a header", "#include\n*/\nint x;\n", "h.c:1:1: #include needs a header name"},
		{"indented include without a header", "  #  include  \nint x;\n", "h.c:1:3: #include needs a header name"},
		{"include of a bad token", "#include 42\n", "h.c:1:1: #include needs a header name"},
		{"pointer declarator up to the end", "*\n", "h.c:2:1: unexpected end of file"},
		{"pointer declarator then junk", "int *)(/ +\n", "h.c:1:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, err := Parse("h.c", []byte(tt.src))
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("Parse: %v, want an error containing %q", err, tt.want)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("Parse did not end")
			}
		})
	}
	// The directive check must not reject what is not an #include.
	for _, src := range []string{"#include <linux/bpf.h>\n", "#include \"x.h\"\n", "#include_next <x.h>\n"} {
		if err := checkIncludes("h.c", []byte(src)); err != nil {
			t.Errorf("checkIncludes(%q): %v", src, err)
		}
	}
}

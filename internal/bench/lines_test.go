package bench

import "testing"

func TestCountLines(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want LineCounts
	}{
		{"empty", "", LineCounts{}},
		{"code", "int x;\nint y;\n", LineCounts{Code: 2}},
		{"no final newline", "int x;\nint y;", LineCounts{Code: 2}},
		{"blank lines", "int x;\n\n   \t\n}\n", LineCounts{Code: 2}},
		{"line comment", "// expect: safe\nint x; // trailing\n", LineCounts{Code: 1}},
		{"block comment", "/* a\n * b\n */\nint x;\n", LineCounts{Code: 1}},
		{"code after block comment", "/* a */ int x;\n", LineCounts{Code: 1}},
		{"preprocessor", "#include <linux/bpf.h>\n#define N 8\n", LineCounts{Code: 2}},
		{"annotation", "int f(int n)\n/*@ Require 0 < n\n    Ensure __return < n */\n{\n", LineCounts{Code: 2, Annot: 2}},
		{"annotation with blank line", "/*@ Inv i < n\n\n    Variant n - i */\n", LineCounts{Annot: 2}},
		{"annotation after code", "x++; /*@ x > 0 */\n", LineCounts{Code: 1, Annot: 1}},
		{"code after annotation", "/*@ x > 0 */ x++;\n", LineCounts{Code: 1, Annot: 1}},
		{"closing delimiter alone", "/*@ x > 0\n*/\n", LineCounts{Annot: 2}},
		{"comment in string", "char *s = \"/*\";\nint x;\n", LineCounts{Code: 2}},
		{"annotation in string", "char *s = \"/*@ x */\";\n", LineCounts{Code: 1}},
		{"escaped quote", "char *s = \"\\\" /*\";\nint x;\n", LineCounts{Code: 2}},
		{"char literal", "char c = '\"'; /*@ c > 0 */\n", LineCounts{Code: 1, Annot: 1}},
		{"star slash in line comment", "// */\nint x;\n", LineCounts{Code: 1}},
		{"plain comment is not annotation", "/* @ x */\n/**@ y */\n", LineCounts{}},
		{"error marker", "*v += 1; /* ERROR \"null\" */\n", LineCounts{Code: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CountLines([]byte(tt.src)); got != tt.want {
				t.Errorf("CountLines(%q) = %+v, want %+v", tt.src, got, tt.want)
			}
		})
	}
}

package bench

import (
	"strings"
	"testing"
)

func TestParseExpect(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    Expectation
		wantErr string
	}{
		{"safe", "// expect: safe\nint x;\n", Expectation{Safe: true}, ""},
		{"safe crlf", "// expect: safe\r\nint x;\r\n", Expectation{Safe: true}, ""},
		{
			"unsafe",
			"// expect: unsafe: map value may be null\n\n*v += 1; /* ERROR \"may be null\" */\n",
			Expectation{Reason: "map value may be null", Line: 3, Marker: "may be null"}, "",
		},
		{"no expect line", "int x;\n", Expectation{}, "line 1"},
		{"empty", "", Expectation{}, "line 1"},
		{"unsafe without reason", "// expect: unsafe:\nx; /* ERROR \"r\" */\n", Expectation{}, "line 1"},
		{"unknown verdict", "// expect: fine\n", Expectation{}, "line 1"},
		{"safe with marker", "// expect: safe\nx; /* ERROR \"r\" */\n", Expectation{}, "line 2: safe program"},
		{"unsafe without marker", "// expect: unsafe: r\nx;\n", Expectation{}, "0 ERROR markers"},
		{"two markers", "// expect: unsafe: r\nx; /* ERROR \"r\" */\ny; /* ERROR \"r\" */\n", Expectation{}, "2 ERROR markers"},
		{"malformed marker", "// expect: unsafe: r\nx; /* ERROR r */\n", Expectation{}, "line 2: malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseExpect([]byte(tt.src))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseExpect: got error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseExpect: %v", err)
			}
			if got != tt.want {
				t.Errorf("ParseExpect = %+v, want %+v", got, tt.want)
			}
		})
	}
}

package examples

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// clangPath is the compiler the corpus is written for.
const clangPath = "/usr/lib/llvm-19/bin/clang"

var (
	// expectLine is the required first line of every program.
	expectLine = regexp.MustCompile(`^// expect: (safe|unsafe: (\S.*))$`)
	// errorMarker is a well-formed marker of the line that makes a program unsafe.
	errorMarker = regexp.MustCompile(`/\* ERROR "([^"]+)" \*/`)
)

// verdict is what a program's first line announces.
type verdict struct {
	safe   bool
	reason string // for unsafe programs
}

// program is the parsed header of one corpus file.
type program struct {
	verdict
	errorLine int    // 1-based line of the ERROR marker, 0 if none
	errorText string // the marker's quoted text
}

// parseProgram checks the corpus conventions on the source of one program and
// returns what it announces. It returns an error describing the first
// convention the source breaks.
func parseProgram(src []byte) (program, error) {
	var p program
	lines := strings.Split(string(src), "\n")
	m := expectLine.FindStringSubmatch(strings.TrimRight(lines[0], "\r"))
	if m == nil {
		return p, fmt.Errorf("line 1: want \"// expect: safe\" or \"// expect: unsafe: <reason>\", have %q", lines[0])
	}
	p.safe = m[1] == "safe"
	p.reason = m[2]

	markers := 0
	for i, line := range lines {
		n := strings.Count(line, "/* ERROR")
		if n == 0 {
			continue
		}
		ms := errorMarker.FindAllStringSubmatchIndex(line, -1)
		if len(ms) != n {
			return p, fmt.Errorf("line %d: malformed ERROR marker, want /* ERROR \"<reason>\" */", i+1)
		}
		if strings.TrimSpace(line[:ms[0][0]]) == "" {
			return p, fmt.Errorf("line %d: ERROR marker must trail the offending code", i+1)
		}
		markers += n
		p.errorLine = i + 1
		p.errorText = line[ms[0][2]:ms[0][3]]
	}
	switch {
	case p.safe && markers > 0:
		return p, fmt.Errorf("line %d: safe program has an ERROR marker", p.errorLine)
	case !p.safe && markers != 1:
		return p, fmt.Errorf("unsafe program has %d ERROR markers, want exactly 1", markers)
	case !p.safe && !strings.Contains(p.reason, p.errorText):
		return p, fmt.Errorf("line %d: ERROR text %q is not part of the expect line's reason %q", p.errorLine, p.errorText, p.reason)
	}

	if line, ok := unclosedAnnotation(src); !ok {
		return p, fmt.Errorf("line %d: annotation /*@ is not closed", line)
	}
	return p, nil
}

// unclosedAnnotation reports whether every "/*@" in src is closed by a "*/"
// before any other comment opens; if not, it returns the annotation's line.
func unclosedAnnotation(src []byte) (line int, ok bool) {
	rest := src
	offset := 0
	for {
		i := bytes.Index(rest, []byte("/*@"))
		if i < 0 {
			return 0, true
		}
		body := rest[i+3:]
		end := bytes.Index(body, []byte("*/"))
		if end < 0 || bytes.Contains(body[:end], []byte("/*")) {
			return 1 + bytes.Count(src[:offset+i], []byte("\n")), false
		}
		advance := i + 3 + end + 2
		rest = rest[advance:]
		offset += advance
	}
}

func TestParseProgram(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    program
		wantErr string
	}{
		{
			name: "safe",
			src:  "// expect: safe\nint x; /*@ Inv x < 3 */\n",
			want: program{verdict: verdict{safe: true}},
		},
		{
			name: "unsafe",
			src:  "// expect: unsafe: map value may be null\n\n*v += 1; /* ERROR \"may be null\" */\n",
			want: program{verdict: verdict{reason: "map value may be null"}, errorLine: 3, errorText: "may be null"},
		},
		{name: "no expect line", src: "int x;\n", wantErr: "line 1"},
		{name: "unsafe without reason", src: "// expect: unsafe:\nx; /* ERROR \"r\" */\n", wantErr: "line 1"},
		{name: "unknown verdict", src: "// expect: fine\n", wantErr: "line 1"},
		{name: "safe with marker", src: "// expect: safe\nx; /* ERROR \"r\" */\n", wantErr: "safe program has an ERROR marker"},
		{name: "unsafe without marker", src: "// expect: unsafe: r\nx;\n", wantErr: "0 ERROR markers"},
		{name: "two markers", src: "// expect: unsafe: r\nx; /* ERROR \"r\" */\ny; /* ERROR \"r\" */\n", wantErr: "2 ERROR markers"},
		{name: "marker not in reason", src: "// expect: unsafe: map value may be null\nx; /* ERROR \"out of bounds\" */\n", wantErr: "not part of"},
		{name: "malformed marker", src: "// expect: unsafe: r\nx; /* ERROR r */\n", wantErr: "malformed"},
		{name: "marker on its own line", src: "// expect: unsafe: r\n/* ERROR \"r\" */\n", wantErr: "trail"},
		{name: "unclosed annotation", src: "// expect: safe\n\n/*@ Inv x < 3\nint x;\n", wantErr: "line 3: annotation"},
		{name: "annotation closed by another comment", src: "// expect: safe\n/*@ Inv x < 3 /* c */\n", wantErr: "line 2: annotation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseProgram([]byte(tt.src))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parseProgram: got error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseProgram: %v", err)
			}
			if got != tt.want {
				t.Errorf("parseProgram = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// corpus returns the paths, relative to this directory, of every program in
// the corpus.
func corpus(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".c") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no .c files under examples/")
	}
	return files
}

// TestCorpusConventions checks the expect line, the ERROR markers and the
// annotation comments of every program.
func TestCorpusConventions(t *testing.T) {
	for _, path := range corpus(t) {
		t.Run(filepath.ToSlash(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := parseProgram(src); err != nil {
				t.Errorf("%s:%v", path, err)
			}
		})
	}
}

// TestCorpusCompiles compiles every program with clang as an eBPF developer
// would, against vep's hermetic headers. Compiling only: badrelo's undefined
// function is an unresolved relocation in the object, not a compile error.
func TestCorpusCompiles(t *testing.T) {
	if _, err := os.Stat(clangPath); err != nil {
		t.Skipf("clang 19 not installed at %s: cannot compile the corpus", clangPath)
	}
	include, err := filepath.Abs(filepath.Join("..", "cparse", "include"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(include); err != nil {
		t.Fatalf("hermetic headers missing: %v", err)
	}
	out := t.TempDir()
	for i, path := range corpus(t) {
		t.Run(filepath.ToSlash(path), func(t *testing.T) {
			t.Parallel()
			obj := filepath.Join(out, fmt.Sprintf("%d.o", i))
			cmd := exec.Command(clangPath, "-O2", "-g", "-target", "bpf", "-mcpu=v3",
				"-nostdinc", "-isystem", include, "-c", path, "-o", obj)
			msg, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("clang %s: %v\n%s", path, err, msg)
			}
			if len(msg) > 0 {
				t.Logf("clang %s:\n%s", path, msg)
			}
		})
	}
}

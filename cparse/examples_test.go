package cparse

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// exampleFiles returns the example programs of the corpus.
func exampleFiles(t testing.TB) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir("../examples", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".c") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no examples found")
	}
	return files
}

var (
	secFuncRE = regexp.MustCompile(`SEC\("([^"]+)"\)\s*\n\s*int\s+(\w+)\s*\(`)
	btfMapRE  = regexp.MustCompile(`\}\s*(\w+)\s+SEC\("\.maps"\)`)
	errorRE   = regexp.MustCompile(`/\* ERROR "([^"]*)" \*/`)
)

// TestExamples parses and lowers every example and checks its entry
// points and maps against what the source says. The one program that calls
// an undefined function must fail at the marked line.
func TestExamples(t *testing.T) {
	for _, file := range exampleFiles(t) {
		t.Run(strings.TrimPrefix(file, "../examples/"), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			text := string(src)
			p, err := Parse(file, src)
			if strings.HasPrefix(text, "// expect: unsafe: call to undefined function") {
				if err == nil {
					t.Fatal("parsed, want an error at the call of the undefined function")
				}
				line := 0
				for i, l := range strings.Split(text, "\n") {
					if errorRE.MatchString(l) {
						line = i + 1
					}
				}
				want := file + ":" + itoa(line) + ":"
				if !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "undefined function") {
					t.Errorf("error %q, want one at %s about an undefined function", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			funcs := map[string]*Function{}
			for _, f := range p.Funcs {
				funcs[f.Name] = f
				if f.Body == nil {
					t.Errorf("function %s has no body", f.Name)
				}
			}
			for _, m := range secFuncRE.FindAllStringSubmatch(text, -1) {
				f := funcs[m[2]]
				switch {
				case f == nil:
					t.Errorf("no function %s", m[2])
				case f.Section != m[1]:
					t.Errorf("function %s in section %q, want %q", f.Name, f.Section, m[1])
				case f.ProgType == "":
					t.Errorf("function %s has no program type", f.Name)
				}
			}
			maps := map[string]*Map{}
			for _, m := range p.Maps {
				maps[m.Name] = m
				if m.Inner == nil && (m.KeySize <= 0 || m.ValueSize <= 0 || m.MaxEntries <= 0) {
					t.Errorf("map %s: %v", m.Name, m)
				}
			}
			for _, m := range btfMapRE.FindAllStringSubmatch(text, -1) {
				if maps[m[1]] == nil {
					t.Errorf("no map %s", m[1])
				}
			}
			if p.License != "GPL" {
				t.Errorf("license %q", p.License)
			}
			annots := strings.Count(text, "/*@")
			if got := countAnnotations(p); got != annots {
				t.Errorf("%d annotations attached, the source has %d", got, annots)
			}
		})
	}
}

// countAnnotations counts the contracts, invariants and assertions of p.
func countAnnotations(p *Program) int {
	n := 0
	var stmt func(s Stmt)
	stmts := func(l []Stmt) {
		for _, s := range l {
			stmt(s)
		}
	}
	stmt = func(s Stmt) {
		switch s := s.(type) {
		case *Block:
			stmts(s.Stmts)
		case *Assert:
			n++
		case *If:
			stmt(s.Then)
			if s.Else != nil {
				stmt(s.Else)
			}
		case *While:
			if s.Inv != nil {
				n++
			}
			stmt(s.Body)
		case *DoWhile:
			if s.Inv != nil {
				n++
			}
			stmt(s.Body)
		case *For:
			if s.Inv != nil {
				n++
			}
			stmt(s.Body)
		case *Switch:
			for _, c := range s.Cases {
				stmts(c.Body)
			}
		}
	}
	for _, f := range p.Funcs {
		if f.Contract != nil {
			n++
		}
		stmt(f.Body)
	}
	return n
}

// TestExampleSpotChecks checks details of a few programs.
func TestExampleSpotChecks(t *testing.T) {
	parse := func(name string) *Program {
		t.Helper()
		src, err := os.ReadFile("../examples/" + name)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Parse(name, src)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	mapsOf := func(p *Program) string {
		var s []string
		for _, m := range p.Maps {
			s = append(s, m.String())
		}
		return strings.Join(s, "\n")
	}
	tests := []struct {
		file, maps string
		funcs      []string // name section progtype inline
	}{
		{"prevail/map_in_map.c",
			"counters: type 2 key 4 value 8 max 4 flags 0\ntables: type 12 key 4 value 4 max 1 flags 0 inner (counter_array: type 2 key 4 value 8 max 4 flags 0)",
			[]string{"map_in_map xdp BPF_PROG_TYPE_XDP 0"}},
		{"linux/trace_event.c",
			"counts: type 1 key 24 value 8 max 10000 flags 0\nstackmap: type 7 key 4 value 1016 max 10000 flags 0\ntotals: type 2 key 4 value 24 max 1 flags 0",
			[]string{"trace_event perf_event BPF_PROG_TYPE_PERF_EVENT 0"}},
		{"linux/cpustat.c",
			"cpu_now: type 2 key 4 value 32 max 64 flags 0\ncstate_time: type 2 key 4 value 8 max 512 flags 0\npstate_time: type 2 key 4 value 8 max 320 flags 0",
			[]string{"add   1", "pstate_index   1", "idle tracepoint/power/cpu_idle BPF_PROG_TYPE_TRACEPOINT 0", "frequency tracepoint/power/cpu_frequency BPF_PROG_TYPE_TRACEPOINT 0"}},
		{"prevail/bpf2bpf.c", "",
			[]string{"fill   2", "reverse   2", "bpf2bpf xdp BPF_PROG_TYPE_XDP 0"}},
		{"linux/tcp_iw.c", "", []string{"tcp_iw sockops BPF_PROG_TYPE_SOCK_OPS 0"}},
		{"linux/sockex1.c", "proto_bytes: type 2 key 4 value 8 max 256 flags 0",
			[]string{"sockex1 socket BPF_PROG_TYPE_SOCKET_FILTER 0"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := parse(tt.file)
			if got := mapsOf(p); got != tt.maps {
				t.Errorf("maps:\n%s\nwant\n%s", got, tt.maps)
			}
			var got []string
			for _, f := range p.Funcs {
				got = append(got, strings.Join([]string{f.Name, f.Section, f.ProgType, itoa(int(f.Inline))}, " "))
			}
			if strings.Join(got, "\n") != strings.Join(tt.funcs, "\n") {
				t.Errorf("functions:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.funcs, "\n"))
			}
		})
	}
	// The string library's contracts name their With constants.
	p := parse("stringlib/strncat.c")
	c := p.Funcs[0].Contract
	if c == nil || strings.Join(c.With, " ") != "d l" || c.Require == nil || c.Ensure == nil {
		t.Errorf("str_ncat contract: %+v", c)
	}
}

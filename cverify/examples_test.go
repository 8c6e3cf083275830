package cverify

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"vep/cparse"
)

// skipSafe lists the safe examples the verifier cannot prove yet, each with
// the reason. Keep it short and honest.
var skipSafe = map[string]string{}

var errorMarker = regexp.MustCompile(`/\* ERROR "([^"]*)" \*/`)

// TestExamples runs the verifier over the corpus in ../examples: every
// unsafe program must be rejected at its marked line with a message
// containing the marked text, and every safe program must verify unless it
// is in skipSafe.
func TestExamples(t *testing.T) {
	files, err := filepath.Glob("../examples/*/*.c")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	var times []time.Duration
	var verified []string
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(file, "../examples/")
		first, _, _ := strings.Cut(string(src), "\n")
		safe := strings.TrimSpace(first) == "// expect: safe"
		wantLine, wantMsg := 0, ""
		for i, line := range strings.Split(string(src), "\n") {
			if m := errorMarker.FindStringSubmatch(line); m != nil {
				wantLine, wantMsg = i+1, m[1]
			}
		}
		start := time.Now()
		diags, perr := verifyFile(file, src)
		times = append(times, time.Since(start))
		switch {
		case safe && perr == nil && len(diags) == 0:
			verified = append(verified, name)
			if why, ok := skipSafe[name]; ok {
				t.Errorf("%s verifies now: remove it from skipSafe (%s)", name, why)
			}
		case safe:
			msg := ""
			if perr != nil {
				msg = perr.Error()
			} else {
				msg = diags[0].Error()
			}
			if _, ok := skipSafe[name]; ok {
				t.Logf("%s: skipped (%s): %s", name, skipSafe[name], firstLine(msg))
				continue
			}
			t.Errorf("%s: safe program rejected:\n%s", name, msg)
		default:
			if wantLine == 0 {
				t.Errorf("%s: unsafe example without ERROR marker", name)
				continue
			}
			var line int
			var msg string
			switch {
			case perr != nil:
				if el, ok := perr.(cparse.ErrorList); ok && len(el) > 0 {
					line, msg = el[0].Pos.Line, el[0].Msg
				} else {
					msg = perr.Error()
				}
			case len(diags) > 0:
				line, msg = diags[0].Pos.Line, diags[0].Error()
			default:
				t.Errorf("%s: unsafe program verified", name)
				continue
			}
			if line != wantLine || !strings.Contains(msg, wantMsg) {
				t.Errorf("%s: rejected at line %d with %q; want line %d with %q", name, line, firstLine(msg), wantLine, wantMsg)
				continue
			}
			t.Logf("%s: rejected at line %d: %s", name, line, firstLine(msg))
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	t.Logf("verified safe examples (%d): %s", len(verified), strings.Join(verified, " "))
	t.Logf("%d programs, verify time median %v, max %v", len(times), times[len(times)/2], times[len(times)-1])
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// verifyFile parses and verifies one file and returns its diagnostics.
func verifyFile(name string, src []byte) ([]*Diagnostic, error) {
	p, err := cparse.Parse(name, src)
	if err != nil {
		return nil, err
	}
	var diags []*Diagnostic
	for _, f := range Verify(p, Options{}).Funcs {
		diags = append(diags, f.Diags...)
	}
	sort.SliceStable(diags, func(i, j int) bool { return diags[i].Pos.Line < diags[j].Pos.Line })
	return diags, nil
}

// corpusMutants are small edits of safe corpus programs that make them
// unsafe (or their annotations false); each must be rejected.
var corpusMutants = []struct{ file, old, new string }{
	{"stringlib/strcpy.c", "while (i + 1 < cap", "while (i < cap"},
	{"stringlib/strcpy.c", "PREFIX(dst, __return + 1, cap) *", "PREFIX(dst, __return + 2, cap) *"},
	{"stringlib/strcpy.c", "if (name[name_len] != 0)", "if (name[name_len + 1] != 0)"},
	{"stringlib/memset.c", "i < n; i++", "i <= n; i++"},
	{"stringlib/memset.c", "mem_set(buf, 'x', sizeof(buf));", "mem_set(buf, 'x', sizeof(buf) + 1);"},
	{"stringlib/memset.c", "Variant n - i", "Variant n"},
	{"stringlib/strlen.c", "while (i + 1 < cap", "while (i < cap + 1"},
	{"stringlib/strlen.c", "str_len(greeting, CAP)", "str_len(greeting, CAP + 1)"},
	{"stringlib/strncpy.c", "dst[i] = c;", "dst[i + 1] = c;"},
	{"stringlib/strncpy.c", "c = src[i];", "c = src[i + 1];"},
	{"stringlib/memchr.c", "return (void *)(p + i);", "return (void *)(p + i + 1);"},
	{"stringlib/memchr.c", "*eq = ':';", "eq[1] = ':';"},
	{"stringlib/strchr.c", "str_chr(path + 1, '/', CAP - 1)", "str_chr(path + 1, '/', CAP)"},
	{"stringlib/strcat.c", "while (i + 1 < cap && src[j] != 0)", "while (i < cap && src[j] != 0)"},
	{"stringlib/strncmp.c", "str_ncmp(cmd, get, sizeof(get))", "str_ncmp(cmd, get, sizeof(get) + 1)"},
	{"prevail/bpf2bpf.c", "for (int i = 0; i < N; i++)\n\t\tdst[i] = tmp[i];", "for (int i = 1; i < N; i++)\n\t\tdst[i] = tmp[i];"},
	{"prevail/loop.c", "if (data + i + 1 > data_end)", "if (data + i > data_end)"},
	{"prevail/loop.c", "__u8 buf[LEN] = {};", "__u8 buf[LEN];"},
	{"prevail/stackok.c", "& 255", "& 511"},
	{"prevail/twostackvars.c", "half = &words[HALF];", "half = &words[0];"},
	{"prevail/twotypes.c", "__u64 *p = &buf[2];", "__u64 *p = &buf[4];"},
	{"prevail/dependent_read.c", "long_enough = 1;", "long_enough = 1; else long_enough = 2;"},
	{"prevail/packet_access.c", "data + off + 4 > data_end", "data + off + 3 > data_end"},
	{"prevail/map_in_map.c", "if (!inner)", "if (0)"},
	{"prevail/twomaps.c", "return *value & 1", "return value[1] & 1"},
	{"linux/xdp_adjust_tail.c", "if (data + REPLY_LEN > data_end)\n\t\treturn XDP_DROP;", "if (data + REPLY_LEN - 1 > data_end)\n\t\treturn XDP_DROP;"},
	{"linux/xdp_adjust_tail.c", "for (i = 0; i < QUOTE_LEN; i++)", "for (i = 0; i <= QUOTE_LEN; i++)"},
	{"linux/sockex1.c", "&proto, 1)", "&proto, 2)"},
	{"conn/key_connection.c", "if ((void *)(tcp + 1) > data_end)", "if ((void *)(tcp) > data_end)"},
}

func TestCorpusMutants(t *testing.T) {
	for _, m := range corpusMutants {
		src, err := os.ReadFile("../examples/" + m.file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(src), m.old) {
			t.Errorf("%s: %q not found", m.file, m.old)
			continue
		}
		mut := strings.Replace(string(src), m.old, m.new, 1)
		diags, err := verifyFile(m.file, []byte(mut))
		switch {
		case err != nil:
			t.Errorf("%s: mutant %q is invalid: %v", m.file, m.new, err)
		case len(diags) == 0:
			t.Errorf("%s: mutant %q -> %q verifies; it must be rejected", m.file, m.old, m.new)
		default:
			t.Logf("%s: %q rejected: %s", m.file, m.new, firstLine(diags[0].Error()))
		}
	}
}

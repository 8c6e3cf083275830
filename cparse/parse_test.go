package cparse

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestMapsAndGlobals(t *testing.T) {
	src := snippetHeader + `struct bpf_map_def SEC("maps") legacy = {
	.type = BPF_MAP_TYPE_HASH,
	.key_size = sizeof(__u32),
	.value_size = 16,
	.max_entries = 128,
	.map_flags = BPF_F_NO_PREALLOC,
};
struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, int);
	__type(value, char[12]);
} in0 SEC(".maps"), in1 SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps") = { .values = { [1] = &in1, [3] = &in0 } };
const int answer = 42;
char LICENSE[] SEC("license") = "Dual BSD/GPL";
`
	p, err := Parse("m.c", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var maps []string
	for _, m := range p.Maps {
		maps = append(maps, m.Section+" "+m.String())
	}
	want := "maps legacy: type 1 key 4 value 16 max 128 flags 1\n" +
		".maps in0: type 2 key 4 value 12 max 2 flags 0\n" +
		".maps in1: type 2 key 4 value 12 max 2 flags 0\n" +
		".maps outer: type 13 key 4 value 4 max 4 flags 0 inner (inner: type 2 key 4 value 12 max 2 flags 0)"
	if got := strings.Join(maps, "\n"); got != want {
		t.Errorf("maps:\n%s\nwant\n%s", got, want)
	}
	outer := p.Maps[3]
	if len(outer.InnerInit) != 2 || outer.InnerInit[1] != p.Maps[2] || outer.InnerInit[3] != p.Maps[1] {
		t.Errorf("outer's values: %v", outer.InnerInit)
	}
	if p.License != "Dual BSD/GPL" {
		t.Errorf("license %q", p.License)
	}
	var globals []string
	for _, g := range p.Globals {
		globals = append(globals, g.Name+" "+g.Section+" "+g.Type.String()+" "+string(g.Data))
	}
	if got := strings.Join(globals, "|"); got != "answer  s32 *\x00\x00\x00|LICENSE license s8 [13] Dual BSD/GPL\x00" {
		t.Errorf("globals %q", got)
	}
}

func TestOptions(t *testing.T) {
	inc := fstest.MapFS{"my/consts.h": {Data: []byte("#define FROM_HEADER 7\n")}}
	src := `#include <my/consts.h>
#include "my/consts.h"
int f(void) { return FROM_HEADER + FROM_FLAG; }
`
	p, err := Parse("o.c", []byte(src), WithInclude(inc), WithDefine("FROM_FLAG", "(1 << 4)"))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Funcs[0].Body.String(); got != "{return 23:s32}" {
		t.Errorf("body %s", got)
	}
	_, err = Parse("o.c", []byte(src))
	if err == nil || !strings.HasPrefix(err.Error(), "o.c:1:") {
		t.Errorf("without the include directory: %v", err)
	}
}

func TestBadDefine(t *testing.T) {
	for _, name := range []string{"", "1x", "a b"} {
		if _, err := Parse("d.c", []byte("int x;\n"), WithDefine(name, "1")); err == nil {
			t.Errorf("WithDefine(%q) accepted", name)
		}
	}
	if _, err := Parse("d.c", []byte("int x;\n"), WithDefine("X", "1\n#include <x>")); err == nil {
		t.Error("a two-line value was accepted")
	}
}

func TestHermetic(t *testing.T) {
	// A host header must not be found.
	_, err := Parse("h.c", []byte("#include <stdio.h>\nint x;\n"))
	if err == nil {
		t.Fatal("host <stdio.h> was found")
	}
}

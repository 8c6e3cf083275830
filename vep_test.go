package vep

import (
	"strings"
	"testing"
)

const header = `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
`

func TestVerify(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		ok      bool   // the report's verdict
		invalid bool   // Verify returns an error
		want    string // a substring of the printed report
	}{
		{"safe", `SEC("xdp") int f(struct xdp_md *ctx) { char b[4] = {}; return b[3] == 0 ? XDP_PASS : XDP_DROP; }`,
			true, false, `SEC("xdp") f: verified`},
		{"unsafe", `SEC("xdp") int f(struct xdp_md *ctx) { char b[4] = {}; return b[4] == 0 ? XDP_PASS : XDP_DROP; }`,
			false, false, "safe.c:3:"},
		{"uninit", `SEC("xdp") int f(struct xdp_md *ctx) { char b[4]; return b[0] == 0 ? XDP_PASS : XDP_DROP; }`,
			false, false, "uninitialised"},
		{"undefined-call", `int g(void); SEC("xdp") int f(struct xdp_md *ctx) { return g(); }`,
			false, false, "call to undefined function g"},
		{"syntax", `SEC("xdp") int f(struct xdp_md *ctx) { return ; ; }}`, false, true, ""},
		{"bad-annotation", `SEC("xdp") int f(struct xdp_md *ctx) { /*@ 1 < */ return XDP_PASS; }`, false, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Verify("safe.c", []byte(header+tt.src))
			if tt.invalid {
				if err == nil {
					t.Fatalf("Verify accepted invalid input:\n%s", rep)
				}
				return
			}
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if rep.OK() != tt.ok {
				t.Errorf("OK() = %v, want %v\n%s", rep.OK(), tt.ok, rep)
			}
			if !strings.Contains(rep.String(), tt.want) {
				t.Errorf("report lacks %q:\n%s", tt.want, rep)
			}
		})
	}
}

func TestVerifyReport(t *testing.T) {
	src := header + `
static __noinline int twice(int x)
/*@ Require 0 <= x && x < 100 Ensure __return == 2 * x */
{
	return 2 * x;
}

SEC("xdp") int f(struct xdp_md *ctx)
{
	return twice(1) == 2 ? XDP_PASS : XDP_DROP;
}`
	rep, err := Verify("r.c", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || len(rep.Functions) != 2 {
		t.Fatalf("want two verified functions:\n%s", rep)
	}
	for _, f := range rep.Functions {
		if f.Verdict != Verified || f.Obligations == 0 {
			t.Errorf("%s: verdict %v with %d obligations", f.Name, f.Verdict, f.Obligations)
		}
	}
	// One token changed: the contract no longer holds.
	bad := strings.Replace(src, "return 2 * x;", "return 2 * x + 1;", 1)
	rep, err = Verify("r.c", []byte(bad))
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || rep.Functions[0].Verdict != Rejected {
		t.Fatalf("wrong contract accepted:\n%s", rep)
	}
}

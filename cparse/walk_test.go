package cparse

import "testing"

// TestWalk counts what WalkStmt and WalkExpr visit in a small function:
// every statement, and every expression however deeply nested (in
// conditions, loop parts, initialisers, call arguments and returns).
func TestWalk(t *testing.T) {
	src := `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
SEC("xdp") int f(struct xdp_md *ctx) {
	int a = 1 + 2, s = 0;
	for (int i = 0; i < 3; i++)
		if (i * 2 > a)
			s += (int)bpf_get_prandom_u32() - i;
	return s ? XDP_PASS : XDP_DROP;
}`
	p, err := Parse("w.c", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var stmts, binaries, calls, conds int
	WalkStmt(p.Funcs[0].Body, func(Stmt) { stmts++ }, func(e Expr) {
		switch e.(type) {
		case *Binary:
			binaries++
		case *Call:
			calls++
		case *CondExpr:
			conds++
		}
	})
	if stmts < 6 || calls != 1 || conds != 1 || binaries < 4 {
		t.Errorf("visited %d statements, %d binary expressions, %d calls, %d conditionals; want >= 6, >= 4, 1, 1", stmts, binaries, calls, conds)
	}
	n := 0
	WalkExpr(nil, func(Expr) { n++ })
	if n != 0 {
		t.Errorf("WalkExpr(nil) visited %d expressions", n)
	}
}

package interp

import (
	"strings"
	"testing"

	"vep/internal/elfobj"
)

// tcase is one table-driven program run.
type tcase struct {
	name  string
	sec   string // default "socket"
	maps  []*elfobj.Map
	opts  Options
	in    *Input // default: a 14-byte packet 0, 1, ..., 13
	prog  []any
	want  string                         // "r0=0x..." exactly, or "fault: " followed by a substring of the message
	setup func(t *testing.T, m *Machine) // before the run, e.g. to fill maps
	check func(t *testing.T, m *Machine, res *Result)
}

func packet(n int) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = byte(i)
	}
	return p
}

func runCases(t *testing.T, cases []tcase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sec := tc.sec
			if sec == "" {
				sec = "socket"
			}
			in := Input{Packet: packet(14)}
			if tc.in != nil {
				in = *tc.in
			}
			m, err := New(object(t, sec, tc.maps, tc.prog...), tc.opts)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if tc.setup != nil {
				tc.setup(t, m)
			}
			res, err := m.Run(sec, in)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			got := outcome(res)
			if want, ok := strings.CutPrefix(tc.want, "fault: "); ok {
				if res.Fault == nil || !strings.Contains(res.Fault.Msg, want) {
					t.Fatalf("got %s, want a fault containing %q", got, want)
				}
			} else if got != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
			if tc.check != nil {
				tc.check(t, m, res)
			}
		})
	}
}

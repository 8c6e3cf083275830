package interp

import (
	"sort"
	"testing"

	"vep/internal/contracts"
)

// contractSections maps vep's program type names to a section name of
// that type.
var contractSections = map[string]string{
	"socket": "socket", "tc": "tc", "action": "action", "xdp": "xdp", "xdp/devmap": "xdp/devmap",
	"sockops": "sockops", "kprobe": "kprobe/f", "kretprobe": "kretprobe/f",
	"tracepoint": "tracepoint/a/b", "raw_tracepoint": "raw_tracepoint/x", "perf_event": "perf_event",
}

// TestHelpersAgreeWithContracts checks that every helper the interpreter
// implements may be called from every program type whose contract allows
// it: refusing one would make programs the checker accepts look faulty.
// Helpers the contracts allow but the interpreter lacks are logged.
func TestHelpersAgreeWithContracts(t *testing.T) {
	missing := map[int32][]string{}
	for _, pt := range contracts.ProgramTypes() {
		sec, ok := contractSections[pt.Name]
		if !ok {
			t.Errorf("program type %s has no section here", pt.Name)
			continue
		}
		typ := programType(sec)
		if typ == progUnknown {
			t.Errorf("section %s of %s: unknown program type", sec, pt.Name)
			continue
		}
		for _, id := range pt.AllowedHelpers() {
			h, ok := helpers[id]
			if !ok {
				missing[id] = append(missing[id], pt.Name)
				continue
			}
			if h.types != nil && !containsType(h.types, typ) {
				t.Errorf("%s: the contracts allow it in %s programs, the interpreter does not", h.name, pt.Name)
			}
		}
	}
	var ids []int
	for id := range missing {
		ids = append(ids, int(id))
	}
	sort.Ints(ids)
	for _, id := range ids {
		c, _ := contracts.Helper(int32(id))
		t.Logf("not implemented: helper %d (bpf_%s), allowed in %v", id, c.Name, missing[int32(id)])
	}
}

func containsType(ts []progType, t progType) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

package contracts

import (
	"fmt"
	"strings"
)

// sectionDefs maps libbpf section names to program types, with libbpf's
// matching rules (tools/lib/bpf/libbpf.c, sec_def_matches): a pattern
// ending in '+' matches the name itself or the name followed by '/' and
// anything; a pattern ending in '/' matches any name with that prefix;
// any other pattern matches only itself.
var sectionDefs = []struct {
	pattern string
	typ     *ProgramType
}{
	{"socket", socketType},
	{"xdp", xdpType},
	{"xdp.frags", xdpType},
	{"xdp/cpumap", xdpType},
	{"xdp.frags/cpumap", xdpType},
	{"xdp/devmap", xdpDevmapType},
	{"xdp.frags/devmap", xdpDevmapType},
	{"tc", tcType},
	{"classifier", tcType},
	{"tc/ingress", tcType},
	{"tc/egress", tcType},
	{"tcx/ingress", tcType},
	{"tcx/egress", tcType},
	{"action", actionType},
	{"kprobe+", kprobeType},
	{"uprobe+", kprobeType},
	{"uprobe.s+", kprobeType},
	{"ksyscall+", kprobeType},
	{"kretprobe+", kretprobeType},
	{"uretprobe+", kretprobeType},
	{"uretprobe.s+", kretprobeType},
	{"kretsyscall+", kretprobeType},
	{"tracepoint+", tracepointType},
	{"tp+", tracepointType},
	{"raw_tracepoint+", rawTracepointType},
	{"raw_tp+", rawTracepointType},
	{"perf_event", perfEventType},
	{"sockops", sockOpsType},
}

func sectionMatches(pattern, section string) bool {
	switch {
	case strings.HasSuffix(pattern, "/"):
		return strings.HasPrefix(section, pattern)
	case strings.HasSuffix(pattern, "+"):
		p := pattern[:len(pattern)-1]
		rest, ok := strings.CutPrefix(section, p)
		return ok && (rest == "" || rest[0] == '/')
	}
	return pattern == section
}

// ProgramTypeOf returns the program type of an ELF section name, following
// libbpf's section conventions ("xdp", "socket", "tc", "classifier",
// "tcx/ingress", "kprobe/<function>", "kretprobe/<function>",
// "tracepoint/<category>/<name>", "tp/…", "raw_tracepoint/…", "raw_tp/…",
// "perf_event", "sockops", …). It returns an error naming the section if
// it has no program type vep supports.
func ProgramTypeOf(section string) (*ProgramType, error) {
	for _, d := range sectionDefs {
		if sectionMatches(d.pattern, section) {
			return d.typ, nil
		}
	}
	return nil, fmt.Errorf("section %q: unknown or unsupported program type (supported: socket, xdp, tc, classifier, tcx/ingress, tcx/egress, action, kprobe/…, kretprobe/…, uprobe/…, tracepoint/…, tp/…, raw_tracepoint/…, raw_tp/…, perf_event, sockops)", section)
}

// ProgramTypeByName returns the program type called name (ProgramType.Name).
func ProgramTypeByName(name string) (*ProgramType, bool) {
	for _, t := range ProgramTypes() {
		if t.Name == name {
			return t, true
		}
	}
	return nil, false
}

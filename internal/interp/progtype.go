package interp

import "strings"

// progType is the program type, derived from the section name.
type progType uint8

const (
	progUnknown progType = iota
	progSocketFilter
	progXDP
	progSchedCls // tc classifier and action
	progKprobe
	progTracepoint
	progRawTracepoint
	progPerfEvent
	progSockOps
)

var progTypeNames = [...]string{
	progUnknown:       "unknown",
	progSocketFilter:  "socket filter",
	progXDP:           "xdp",
	progSchedCls:      "tc",
	progKprobe:        "kprobe",
	progTracepoint:    "tracepoint",
	progRawTracepoint: "raw tracepoint",
	progPerfEvent:     "perf event",
	progSockOps:       "sockops",
}

func (t progType) String() string { return progTypeNames[t] }

// hasPacket reports whether the program type runs on packet data.
func (t progType) hasPacket() bool {
	return t == progSocketFilter || t == progXDP || t == progSchedCls
}

// sectionTypes maps libbpf section names (exact, or prefix when the entry
// ends in '/') to program types.
var sectionTypes = []struct {
	prefix string
	typ    progType
}{
	{"socket", progSocketFilter},
	{"socket/", progSocketFilter},
	{"xdp", progXDP},
	{"xdp/", progXDP},
	{"xdp.frags", progXDP},
	{"xdp.frags/", progXDP},
	{"tc", progSchedCls},
	{"tc/", progSchedCls},
	{"tcx/", progSchedCls},
	{"classifier", progSchedCls},
	{"classifier/", progSchedCls},
	{"action", progSchedCls},
	{"action/", progSchedCls},
	{"kprobe/", progKprobe},
	{"kretprobe/", progKprobe},
	{"uprobe", progKprobe},
	{"uprobe/", progKprobe},
	{"uretprobe", progKprobe},
	{"uretprobe/", progKprobe},
	{"ksyscall/", progKprobe},
	{"kretsyscall/", progKprobe},
	{"tracepoint/", progTracepoint},
	{"tp/", progTracepoint},
	{"raw_tracepoint/", progRawTracepoint},
	{"raw_tp/", progRawTracepoint},
	{"perf_event", progPerfEvent},
	{"sockops", progSockOps},
}

// programType returns the program type of a section name.
func programType(section string) progType {
	for _, e := range sectionTypes {
		if strings.HasSuffix(e.prefix, "/") {
			if strings.HasPrefix(section, e.prefix) && len(section) > len(e.prefix) {
				return e.typ
			}
		} else if section == e.prefix {
			return e.typ
		}
	}
	return progUnknown
}

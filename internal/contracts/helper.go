package contracts

import (
	"fmt"
	"slices"
	"sort"
)

// Param is one helper parameter, passed in register R1 + its index.
type Param struct {
	Name string
	Kind ArgKind
}

// Variant is the contract of a helper for some of the map types its map
// argument may have (or the only contract of a helper without one).
type Variant struct {
	// Maps lists the map types the variant applies to; it is empty for a
	// helper without a map argument.
	Maps []MapType
	// Ret is the return kind for these map types.
	Ret RetKind
	// Text is the contract in the assertion language.
	Text string

	parsed lazy
}

// Contract parses the variant's text (once) and returns it.
func (v *Variant) Contract() (*Contract, error) {
	return v.parsed.get(v.Text)
}

// HelperContract is everything vep knows about one helper function.
type HelperContract struct {
	// ID is the helper's number in the kernel's ___BPF_FUNC_MAPPER list
	// (include/uapi/linux/bpf.h), the immediate of "call ID".
	ID int32
	// Name is the helper's name without the bpf_ prefix, as in the
	// kernel's BPF_FUNC_ enumerators.
	Name string
	// Params are the parameters in register order R1 … R5.
	Params []Param
	// ChangesPacketData reports that the helper may move or resize packet
	// data, so that every packet pointer is invalid after the call
	// (the kernel's bpf_helper_changes_pkt_data, net/core/filter.c).
	ChangesPacketData bool
	// Variants are the contracts, one per group of accepted map types.
	Variants []*Variant
}

// ParamNames returns the parameter names in register order.
func (h *HelperContract) ParamNames() []string {
	out := make([]string, len(h.Params))
	for i, p := range h.Params {
		out[i] = p.Name
	}
	return out
}

// MapParam returns the index of the ArgConstMapPtr parameter, or -1.
func (h *HelperContract) MapParam() int {
	for i, p := range h.Params {
		if p.Kind == ArgConstMapPtr {
			return i
		}
	}
	return -1
}

// Variant returns the variant for a call whose map argument has type m; m
// is ignored for a helper without a map argument. It returns an error if
// the helper does not accept a map of that type.
func (h *HelperContract) Variant(m MapType) (*Variant, error) {
	if h.MapParam() < 0 {
		if len(h.Variants) != 1 {
			return nil, fmt.Errorf("helper %s has no single contract", h.Name)
		}
		return h.Variants[0], nil
	}
	for _, v := range h.Variants {
		if slices.Contains(v.Maps, m) {
			return v, nil
		}
	}
	return nil, fmt.Errorf("helper bpf_%s cannot be called with a map of type %s (accepted: %s)", h.Name, m, mapList(h.AcceptedMaps()))
}

// Contract returns the parsed contract for a call whose map argument has
// type m (ignored for a helper without a map argument).
func (h *HelperContract) Contract(m MapType) (*Contract, error) {
	v, err := h.Variant(m)
	if err != nil {
		return nil, err
	}
	c, err := v.Contract()
	if err != nil {
		return nil, fmt.Errorf("contract of bpf_%s: %w", h.Name, err)
	}
	return c, nil
}

// AcceptedMaps returns the map types the helper accepts, in ascending order.
func (h *HelperContract) AcceptedMaps() []MapType {
	var out []MapType
	for _, v := range h.Variants {
		out = append(out, v.Maps...)
	}
	slices.Sort(out)
	return out
}

func mapList(ms []MapType) string {
	s := ""
	for i, m := range ms {
		if i > 0 {
			s += ", "
		}
		s += m.String()
	}
	if s == "" {
		s = "none"
	}
	return s
}

var (
	helperByID   = map[int32]*HelperContract{}
	helperByName = map[string]*HelperContract{}
)

func init() {
	for _, h := range helperTable {
		helperByID[h.ID] = h
		helperByName[h.Name] = h
	}
}

// Helper returns the contract of helper id. The table is shared and
// trusted: callers must not modify what it returns.
func Helper(id int32) (*HelperContract, bool) {
	h, ok := helperByID[id]
	return h, ok
}

// HelperByName returns the contract of a helper by name, with or without
// the bpf_ prefix ("map_lookup_elem" or "bpf_map_lookup_elem").
func HelperByName(name string) (*HelperContract, bool) {
	if h, ok := helperByName[name]; ok {
		return h, true
	}
	if len(name) > 4 && name[:4] == "bpf_" {
		h, ok := helperByName[name[4:]]
		return h, ok
	}
	return nil, false
}

// Helpers returns every helper in the table, by ascending id.
func Helpers() []*HelperContract {
	out := make([]*HelperContract, 0, len(helperTable))
	out = append(out, helperTable...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

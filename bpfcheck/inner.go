package bpfcheck

import (
	"math/big"
	"strings"

	"vep/internal/contracts"
	"vep/internal/elfobj"
	"vep/sep"
)

// Maps of maps.
//
// A lookup in an array or hash of maps returns null or an inner map. The
// register gets kind kInnerMap: its base is the pointer, a fresh integer
// the program may only compare with 0 (by == and !=), and its val a fresh
// map name that stands for the inner map in contracts. The pointer may be
// copied, spilled and passed as the map argument of a helper, which first
// proves it non-null; any arithmetic, load, store or other use rejects.
//
// The kernel makes every inner map agree with the outer map's template on
// type, key size and value size (bpf_map_meta_equal), which the lookup's
// contract states as equalities with inner(m); max_entries may differ
// (BPF_F_INNER_MAP), so nothing is assumed about it. The checker states
// the equalities of key_size and value_size for the fresh map name
// unconditionally: when the pointer is null the name is never used with a
// helper, and a map of the template's shape exists. Because a name cannot
// be both an integer and a map in a VC, the contract's disjunction over
// __return is replaced by these facts (innerPost).
//
// A map value returned by a lookup in an inner map is a map value of
// "inner(m)": its size is value_size(inner(m)), the template's.

// innerPrefix marks the kind detail of a map value of an inner map. Map
// names are identifiers, so it never collides with one.
const innerPrefix = "inner("

func innerOf(outer string) string { return innerPrefix + outer + ")" }

// outerOf returns the outer map of "inner(m)".
func outerOf(m string) (string, bool) {
	if strings.HasPrefix(m, innerPrefix) && strings.HasSuffix(m, ")") {
		return m[len(innerPrefix) : len(m)-1], true
	}
	return "", false
}

// mapRef returns the term of a map name or of "inner(m)".
func mapRef(m string) sep.Term {
	if o, ok := outerOf(m); ok {
		return &sep.Call{Fun: "inner", Args: []sep.Term{mapRef(o)}}
	}
	return name(m)
}

// template returns the inner-map template of map outer, nil if it has none
// or it is not a map of the supported shape.
func (c *checker) template(outer string) *elfobj.Map {
	d, ok := c.maps[outer]
	if !ok || d.Inner == nil {
		return nil
	}
	switch contracts.MapType(d.Type) {
	case contracts.MapArrayOfMaps, contracts.MapHashOfMaps:
	default:
		return nil
	}
	// Only the plain hash and array maps vep models as inner maps (no
	// nested maps of maps, no program or perf event arrays).
	switch contracts.MapType(d.Inner.Type) {
	case contracts.MapHash, contracts.MapPercpuHash, contracts.MapLRUHash, contracts.MapLRUPercpuHash,
		contracts.MapArray, contracts.MapPercpuArray:
		return d.Inner
	}
	return nil
}

// innerMapType returns the type of the inner maps of outer (0 if unknown).
func (c *checker) innerMapType(outer string) contracts.MapType {
	if t := c.template(outer); t != nil {
		return contracts.MapType(t.Type)
	}
	return 0
}

// innerMap returns the register for the result p of a lookup in the map
// of maps outer, and assumes its facts.
func (r *run) innerMap(s *state, outer string, p sep.Term) reg {
	mv := r.newName("imap")
	if r.inner == nil {
		r.inner = map[string]string{}
	}
	r.inner[mv] = outer
	s.assume(inRange(p, big.NewInt(0), new(big.Int).Sub(two64, big.NewInt(1))))
	in := mapRef(innerOf(outer))
	for _, fn := range []string{"key_size", "value_size"} {
		s.assume(cmp(sep.Eq, &sep.Call{Fun: fn, Args: []sep.Term{name(mv)}}, &sep.Call{Fun: fn, Args: []sep.Term{in}}))
	}
	return reg{k: kInnerMap, m: outer, base: p, off: num(0), val: name(mv), size: 1}
}

// innerAttr returns the constant key_size or value_size of the inner map
// named mv; max_entries is unknown.
func (r *run) innerAttr(fn, mv string) (int64, bool) {
	outer, ok := r.inner[mv]
	if !ok {
		return 0, false
	}
	t := r.c.template(outer)
	if t == nil {
		return 0, false
	}
	switch fn {
	case "key_size":
		return int64(t.KeySize), true
	case "value_size":
		return int64(t.ValueSize), true
	}
	return 0, false
}

// mapArg resolves the map argument g of helper h at instruction i: the
// map name a returned map value belongs to, the map type that selects the
// contract variant, and the term that replaces the contract's map
// parameter. An inner map must first be proved non-null.
func (r *run) mapArg(s *state, i int, h *contracts.HelperContract, g reg) (string, contracts.MapType, sep.Term, error) {
	switch g.k {
	case kMap:
		return g.m, r.c.mapType(g.m), g.value(), nil
	case kInnerMap:
		if r.c.template(g.m) == nil {
			return "", 0, nil, r.f.errorf(i, "bpf_%s: the inner maps of %s are not supported", h.Name, g.m)
		}
		goal := cmp(sep.Ne, g.base, num(0))
		if err := r.emit(s, i, "helper", goal); err != nil {
			return "", 0, nil, err
		}
		s.assume(goal)
		return innerOf(g.m), r.c.innerMapType(g.m), g.val, nil
	}
	return "", 0, nil, r.f.errorf(i, "bpf_%s: R%d must be a map, found a %v", h.Name, 1+h.MapParam(), g.k)
}

// innerPost returns the postcondition of a lookup in a map of maps with
// result p: post without its pure facts that mention p (the disjunction
// "p is null or of the template's shape", which innerMap restates for the
// map name). Dropping facts only weakens the state.
func (r *run) innerPost(i int, post sep.Formula, p sep.Term) (sep.Formula, error) {
	n, err := sep.Normalize(post)
	if err != nil {
		return nil, r.f.errorf(i, "contract: %v", err)
	}
	pk, _ := sep.Key(p)
	var keep []sep.Formula
	for _, f := range n.Pure {
		mentions := false
		for _, k := range sep.FreeVars(f) {
			if k == pk {
				mentions = true
			}
		}
		if !mentions {
			keep = append(keep, f)
		}
	}
	var chunks []sep.Formula
	for _, ch := range n.Chunks {
		for _, k := range sep.FreeVars(ch) {
			if k == pk {
				return nil, r.f.errorf(i, "contract: the result of a map-of-maps lookup in %v", ch)
			}
		}
		chunks = append(chunks, ch)
	}
	var f sep.Formula = and(keep...)
	if len(chunks) > 0 {
		f = &sep.And{X: f, Y: sep.Star(chunks...)}
	}
	return exists(n.Exists, f), nil
}

// innerFacts returns the template facts of a map of maps m.
func (c *checker) innerFacts(m string) []sep.Formula {
	t := c.template(m)
	if t == nil {
		return nil
	}
	in := innerOf(m)
	return []sep.Formula{
		cmp(sep.Eq, mapAttr("key_size", in), num(int64(t.KeySize))),
		cmp(sep.Eq, mapAttr("value_size", in), num(int64(t.ValueSize))),
	}
}

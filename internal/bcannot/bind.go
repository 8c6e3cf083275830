package bcannot

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"

	"vep/codegen"
	"vep/cparse"
	"vep/internal/isa"
	"vep/sep"
)

// binding is what a C variable denotes at an annotation point.
type binding struct {
	v *cparse.Var
	// raw is the register or existential holding the variable's bits
	// (nil for an aggregate or a constant), val its value at the
	// variable's type.
	raw, val sep.Term
	// addr is the address of the variable's own storage (nil when it is
	// not in the stack).
	addr sep.Term
	// chunk is the data_at chunk that describes a stack-held scalar, with
	// its existential name, width, offset and the range fact of raw.
	chunk  *sep.Pred
	exName string
	off    int64
	width  int64
	rng    sep.Formula
	// load is raw as a typed load from the stack, for the variant.
	load sep.Term
	used bool
}

// translator translates the C-level annotations of one function.
type translator struct {
	prog   *cparse.Program
	fn     *cparse.Function
	byName map[string]*binding
	names  map[string]bool // every C variable name of fn
	consts map[string]bool // With constants
	ret    cparse.Type     // the result type, in an Ensure
	loads  bool            // stack-held variables as typed loads
	exists []*binding      // stack-held variables used, in order
}

func newTranslator(prog *cparse.Program, fn *cparse.Function) *translator {
	t := &translator{prog: prog, fn: fn, byName: map[string]*binding{}, names: map[string]bool{}, consts: map[string]bool{}}
	for _, v := range fn.Params {
		t.names[v.Name] = true
	}
	for _, v := range fn.Locals {
		t.names[v.Name] = true
	}
	if fn.Contract != nil {
		for _, w := range fn.Contract.With {
			t.consts[w] = true
		}
	}
	return t
}

func reg(k int) sep.Term { return &sep.Reg{N: k} }

func num(n int64) sep.Term { return sep.NewInt(n) }

// frameAddr is R10 + off.
func frameAddr(off int64) sep.Term {
	if off < 0 {
		return &sep.Binary{Op: sep.Sub, X: reg(10), Y: num(-off)}
	}
	return &sep.Binary{Op: sep.Add, X: reg(10), Y: num(off)}
}

// unsignedMax is 2^(8n) - 1.
func unsignedMax(n int64) *big.Int {
	return new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(8*n)), big.NewInt(1))
}

// typed returns the value of the bits raw at the scalar type t, and the
// fact that bounds raw (nil for 64 bits). width is how many bytes of raw
// may be non-zero: 8 for a register or a spill slot, the size of t for the
// variable's own storage.
func typed(raw sep.Term, t cparse.Type, width int64) (sep.Term, sep.Formula) {
	it, ok := t.(*cparse.IntType)
	if !ok || it.Bytes == 8 {
		if ok && it.Signed {
			return &sep.Cast{Type: &sep.IntType{Size: 8, Signed: true}, X: raw}, nil
		}
		return raw, nil
	}
	bound := width
	if bound > 4 {
		bound = 4 // codegen keeps the upper half of a register zero
	}
	if !it.Signed {
		bound = it.Bytes
	}
	rng := &sep.And{
		X: &sep.Cmp{Op: sep.Le, X: num(0), Y: raw},
		Y: &sep.Cmp{Op: sep.Le, X: raw, Y: &sep.Int{Val: unsignedMax(bound)}},
	}
	if !it.Signed {
		return raw, rng
	}
	return &sep.Cast{Type: &sep.IntType{Size: int(bound), Signed: true}, X: raw}, rng
}

// bindReg binds v to register k.
func (t *translator) bindReg(v *cparse.Var, k int) {
	b := &binding{v: v, raw: reg(k)}
	b.val, b.rng = typed(b.raw, v.Type, 8)
	t.byName[v.Name] = b
}

// isScalar reports whether t is an integer or a pointer.
func isScalar(t cparse.Type) bool {
	switch t.(type) {
	case *cparse.IntType, *cparse.PointerType:
		return true
	}
	return false
}

// bindPoint binds the variables in scope at p.
func (t *translator) bindPoint(p *codegen.Point) error {
	locs := append([]codegen.VarLoc(nil), p.Vars...)
	// A later declaration shadows an earlier one of the same name.
	sort.SliceStable(locs, func(i, j int) bool { return locs[i].Var.ID < locs[j].Var.ID })
	for _, l := range locs {
		v := l.Var
		b := &binding{v: v}
		switch l.Where {
		case codegen.Dead:
			delete(t.byName, v.Name)
			continue
		case codegen.Const:
			b.val = num(l.Value)
		case codegen.InReg:
			if l.Reg > isa.R9 {
				return fmt.Errorf("variable %s in R%d", v.Name, l.Reg)
			}
			b.raw = reg(int(l.Reg))
			b.val, b.rng = typed(b.raw, v.Type, 8)
		case codegen.InStack:
			b.off = int64(l.Offset)
			own := l.Size == v.Type.Size()
			if own {
				b.addr = frameAddr(b.off)
			}
			if isScalar(v.Type) {
				b.width = l.Size
				if b.width != 1 && b.width != 2 && b.width != 4 && b.width != 8 {
					return fmt.Errorf("variable %s is held in %d stack bytes", v.Name, l.Size)
				}
				b.exName = "v" + strconv.Itoa(v.ID) + "_" + v.Name
				b.raw = sep.NewVar(b.exName)
				ut := &sep.IntType{Size: int(b.width)}
				b.chunk = &sep.Pred{Name: "data_at", Type: ut, Args: []sep.Term{frameAddr(b.off), b.raw}}
				b.val, b.rng = typed(b.raw, v.Type, b.width)
				b.load = &sep.Deref{X: &sep.Cast{Type: &sep.PointerType{Elem: ut}, X: frameAddr(b.off)}}
			}
		}
		t.byName[v.Name] = b
	}
	return nil
}

// value returns the value of the C variable called name, or ok false if
// name is no variable bound at the point.
func (t *translator) value(name string) (*binding, error) {
	b := t.byName[name]
	if b == nil {
		// A parameter the body never assigns still has its entry value.
		for k, p := range t.fn.Params {
			if p.Name == name && k < 5 && isScalar(p.Type) && !assigned(t.fn)[p] {
				b = &binding{v: p, raw: &sep.Reg{N: k + 1, Pre: true}}
				b.val, _ = typed(b.raw, p.Type, 8)
				return b, nil
			}
		}
		return nil, fmt.Errorf("variable %s holds no value at this point", name)
	}
	if b.chunk != nil && !b.used {
		b.used = true
		t.exists = append(t.exists, b)
	}
	return b, nil
}

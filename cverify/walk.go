package cverify

import (
	"vep/cparse"
	"vep/internal/contracts"
	"vep/sep"
)

// changesPacket reports whether f may call, directly or through the
// functions it calls, a helper that moves packet data.
func (v *verifier) changesPacket(f *cparse.Function, seen map[*cparse.Function]bool) bool {
	if f == nil || seen[f] {
		return false
	}
	seen[f] = true
	found := false
	cparse.WalkStmt(f.Body, func(cparse.Stmt) {}, func(e cparse.Expr) {
		if c, ok := e.(*cparse.Call); ok {
			switch c.Kind {
			case cparse.CallHelper:
				if h, ok := contracts.Helper(int32(c.Helper)); !ok || h.ChangesPacketData {
					found = true
				}
			case cparse.CallFunc:
				found = found || v.changesPacket(c.Func, seen)
			}
		}
	})
	return found
}

// writes is the write set of a loop.
type writes struct {
	vars map[*cparse.Var]bool
	// self marks variables whose every write derives the new value from
	// the old one (x++, x += e, x = x + e), so a pointer stays a pointer
	// into the same object.
	self   map[*cparse.Var]bool
	mem    bool // writes through pointers it cannot attribute, or by calls
	packet bool // may move packet data
	// ptrs are pointer variables through which the loop writes (p[i] = …,
	// *(p + k) = …, p->f = …): the loop writes the object each points
	// into at loop entry, provided it moves them only by arithmetic on
	// themselves.
	ptrs map[*cparse.Var]bool
}

// basePtrVar returns the pointer variable through which the place e is
// reached, if the place is reached through one variable's value by
// indexing, field selection and arithmetic.
func basePtrVar(e cparse.Expr) *cparse.Var {
	for {
		switch x := e.(type) {
		case *cparse.FieldRef:
			e = x.X
		case *cparse.Index:
			e = x.X
		case *cparse.Deref:
			e = x.Ptr
		case *cparse.PtrArith:
			e = x.Ptr
		case *cparse.Cast:
			e = x.X
		case *cparse.Load:
			vr, ok := x.X.(*cparse.VarRef)
			if !ok {
				return nil
			}
			if _, isPtr := vr.Var.Type.(*cparse.PointerType); !isPtr {
				return nil
			}
			return vr.Var
		default:
			return nil
		}
	}
}

// rootVar returns the variable a place is part of, if it is one.
func rootVar(e cparse.Expr) *cparse.Var {
	for {
		switch x := e.(type) {
		case *cparse.VarRef:
			return x.Var
		case *cparse.FieldRef:
			e = x.X
		case *cparse.Index:
			e = x.X
		default:
			return nil
		}
	}
}

// derivedFrom reports whether e computes from the value of x alone by
// pointer arithmetic and casts.
func derivedFrom(e cparse.Expr, x *cparse.Var) bool {
	for {
		switch y := e.(type) {
		case *cparse.Cast:
			e = y.X
		case *cparse.PtrArith:
			e = y.Ptr
		case *cparse.Load:
			vr, ok := y.X.(*cparse.VarRef)
			return ok && vr.Var == x
		case *cparse.OldValue:
			return true
		default:
			return false
		}
	}
}

func (v *verifier) writeSet(stmts []cparse.Stmt, exprs []cparse.Expr) *writes {
	ws := &writes{vars: map[*cparse.Var]bool{}, self: map[*cparse.Var]bool{}, ptrs: map[*cparse.Var]bool{}}
	note := func(lhs cparse.Expr, op cparse.BinOp, rhs cparse.Expr) {
		x := rootVar(lhs)
		if x == nil {
			if p := basePtrVar(lhs); p != nil {
				ws.ptrs[p] = true
			} else {
				ws.mem = true
			}
			return
		}
		selfw := op != cparse.OpNone || derivedFrom(rhs, x)
		if !ws.vars[x] {
			ws.self[x] = selfw
		} else {
			ws.self[x] = ws.self[x] && selfw
		}
		ws.vars[x] = true
	}
	fe := func(e cparse.Expr) {
		switch e := e.(type) {
		case *cparse.AssignExpr:
			note(e.LHS, e.Op, e.RHS)
		case *cparse.Call:
			switch e.Kind {
			case cparse.CallHelper:
				h, ok := contracts.Helper(int32(e.Helper))
				if !ok || h.ChangesPacketData {
					ws.packet = true
				}
				if !ok || helperOwnsMemory(h) {
					ws.mem = true
				}
			case cparse.CallFunc:
				ws.packet = ws.packet || v.changesPacket(e.Func, map[*cparse.Function]bool{})
				ws.mem = true
			default:
				ws.mem = true
			}
		}
	}
	fs := func(s cparse.Stmt) {
		switch s := s.(type) {
		case *cparse.Assign:
			note(s.LHS, s.Op, s.RHS)
		case *cparse.Decl:
			ws.vars[s.Var] = true
			ws.self[s.Var] = false
		}
	}
	for _, s := range stmts {
		cparse.WalkStmt(s, fs, fe)
	}
	for _, e := range exprs {
		if e != nil {
			cparse.WalkExpr(e, fe)
		}
	}
	return ws
}

// helperOwnsMemory reports whether some contract of helper h takes owned
// memory (a spatial predicate in its precondition), the only memory a call
// may write besides map values and the context.
func helperOwnsMemory(h *contracts.HelperContract) bool {
	for _, vr := range h.Variants {
		c, err := vr.Contract()
		if err != nil {
			return true
		}
		if c.Require == nil {
			continue
		}
		for _, d := range disjuncts(c.Require) {
			n, err := sep.Normalize(d)
			if err != nil || len(n.Chunks) > 0 {
				return true
			}
		}
	}
	return false
}

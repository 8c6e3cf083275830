package codegen

import "vep/cparse"

// walkExpr calls f on e and every subexpression, parents first.
func walkExpr(e cparse.Expr, f func(cparse.Expr)) {
	if e == nil {
		return
	}
	f(e)
	switch e := e.(type) {
	case *cparse.Deref:
		walkExpr(e.Ptr, f)
	case *cparse.FieldRef:
		walkExpr(e.X, f)
	case *cparse.Index:
		walkExpr(e.X, f)
		walkExpr(e.Idx, f)
	case *cparse.Load:
		walkExpr(e.X, f)
	case *cparse.AddrOf:
		walkExpr(e.X, f)
	case *cparse.Cast:
		walkExpr(e.X, f)
	case *cparse.Unary:
		walkExpr(e.X, f)
	case *cparse.Binary:
		walkExpr(e.X, f)
		walkExpr(e.Y, f)
	case *cparse.PtrArith:
		walkExpr(e.Ptr, f)
		walkExpr(e.Idx, f)
	case *cparse.PtrDiff:
		walkExpr(e.X, f)
		walkExpr(e.Y, f)
	case *cparse.Logical:
		walkExpr(e.X, f)
		walkExpr(e.Y, f)
	case *cparse.CondExpr:
		walkExpr(e.C, f)
		walkExpr(e.X, f)
		walkExpr(e.Y, f)
	case *cparse.Comma:
		walkExpr(e.X, f)
		walkExpr(e.Y, f)
	case *cparse.AssignExpr:
		walkExpr(e.LHS, f)
		walkExpr(e.RHS, f)
	case *cparse.Call:
		for _, a := range e.Args {
			walkExpr(a, f)
		}
	}
}

// walkStmt calls fs on s and every statement inside it and fe on every
// expression they contain.
func walkStmt(s cparse.Stmt, fs func(cparse.Stmt), fe func(cparse.Expr)) {
	if s == nil {
		return
	}
	fs(s)
	switch s := s.(type) {
	case *cparse.Block:
		for _, x := range s.Stmts {
			walkStmt(x, fs, fe)
		}
	case *cparse.Decl:
		if s.Init != nil {
			walkExpr(s.Init.Expr, fe)
			for _, it := range s.Init.Items {
				walkExpr(it.Value, fe)
			}
		}
	case *cparse.Assign:
		walkExpr(s.LHS, fe)
		walkExpr(s.RHS, fe)
	case *cparse.ExprStmt:
		walkExpr(s.X, fe)
	case *cparse.If:
		walkExpr(s.Cond, fe)
		walkStmt(s.Then, fs, fe)
		walkStmt(s.Else, fs, fe)
	case *cparse.While:
		walkExpr(s.Cond, fe)
		walkStmt(s.Body, fs, fe)
	case *cparse.DoWhile:
		walkStmt(s.Body, fs, fe)
		walkExpr(s.Cond, fe)
	case *cparse.For:
		walkStmt(s.Init, fs, fe)
		walkExpr(s.Cond, fe)
		walkStmt(s.Post, fs, fe)
		walkStmt(s.Body, fs, fe)
	case *cparse.Switch:
		walkExpr(s.Tag, fe)
		for _, c := range s.Cases {
			for _, x := range c.Body {
				walkStmt(x, fs, fe)
			}
		}
	case *cparse.Return:
		walkExpr(s.X, fe)
	}
}

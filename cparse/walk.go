package cparse

// WalkExpr calls f on e and every subexpression, parents first.
func WalkExpr(e Expr, f func(Expr)) {
	if e == nil {
		return
	}
	f(e)
	switch e := e.(type) {
	case *Deref:
		WalkExpr(e.Ptr, f)
	case *FieldRef:
		WalkExpr(e.X, f)
	case *Index:
		WalkExpr(e.X, f)
		WalkExpr(e.Idx, f)
	case *Load:
		WalkExpr(e.X, f)
	case *AddrOf:
		WalkExpr(e.X, f)
	case *Cast:
		WalkExpr(e.X, f)
	case *Unary:
		WalkExpr(e.X, f)
	case *Binary:
		WalkExpr(e.X, f)
		WalkExpr(e.Y, f)
	case *PtrArith:
		WalkExpr(e.Ptr, f)
		WalkExpr(e.Idx, f)
	case *PtrDiff:
		WalkExpr(e.X, f)
		WalkExpr(e.Y, f)
	case *Logical:
		WalkExpr(e.X, f)
		WalkExpr(e.Y, f)
	case *CondExpr:
		WalkExpr(e.C, f)
		WalkExpr(e.X, f)
		WalkExpr(e.Y, f)
	case *Comma:
		WalkExpr(e.X, f)
		WalkExpr(e.Y, f)
	case *AssignExpr:
		WalkExpr(e.LHS, f)
		WalkExpr(e.RHS, f)
	case *Call:
		for _, a := range e.Args {
			WalkExpr(a, f)
		}
	}
}

// WalkStmt calls fs on s and every statement inside it and fe on every
// expression they contain.
func WalkStmt(s Stmt, fs func(Stmt), fe func(Expr)) {
	if s == nil {
		return
	}
	fs(s)
	switch s := s.(type) {
	case *Block:
		for _, x := range s.Stmts {
			WalkStmt(x, fs, fe)
		}
	case *Decl:
		if s.Init != nil {
			WalkExpr(s.Init.Expr, fe)
			for _, it := range s.Init.Items {
				WalkExpr(it.Value, fe)
			}
		}
	case *Assign:
		WalkExpr(s.LHS, fe)
		WalkExpr(s.RHS, fe)
	case *ExprStmt:
		WalkExpr(s.X, fe)
	case *If:
		WalkExpr(s.Cond, fe)
		WalkStmt(s.Then, fs, fe)
		WalkStmt(s.Else, fs, fe)
	case *While:
		WalkExpr(s.Cond, fe)
		WalkStmt(s.Body, fs, fe)
	case *DoWhile:
		WalkStmt(s.Body, fs, fe)
		WalkExpr(s.Cond, fe)
	case *For:
		WalkStmt(s.Init, fs, fe)
		WalkExpr(s.Cond, fe)
		WalkStmt(s.Post, fs, fe)
		WalkStmt(s.Body, fs, fe)
	case *Switch:
		WalkExpr(s.Tag, fe)
		for _, c := range s.Cases {
			for _, x := range c.Body {
				WalkStmt(x, fs, fe)
			}
		}
	case *Return:
		WalkExpr(s.X, fe)
	}
}

package cparse

import (
	"modernc.org/cc/v4"
)

// lowerFunc lowers the body of a function definition.
func (l *lowerer) lowerFunc(fd *cc.FunctionDefinition) {
	f := l.funcs[fd.Declarator]
	if f == nil || fd.CompoundStatement == nil {
		return
	}
	if fd.DeclarationList != nil {
		l.error(errorf(l.posOf(fd.Declarator), "old-style (K&R) parameter declarations are not supported"))
		return
	}
	fs := &funcState{fn: f, vars: map[*cc.Declarator]*Var{}}
	l.fs = fs
	defer func() { l.fs = nil }()
	ft := fd.Declarator.Type().(*cc.FunctionType)
	var names []string
	for _, par := range ft.Parameters() {
		p := l.posOf(par)
		t, err := l.tc.convType(par.Type(), p)
		if err != nil {
			l.error(err)
			return
		}
		if _, ok := t.(*VoidType); ok {
			continue
		}
		if _, ok := t.(*StructType); ok {
			l.error(errorf(p, "struct parameters are not supported; pass a pointer"))
			return
		}
		v := &Var{Name: par.Name(), Type: adjustParam(t), Pos: p, Param: true, ID: len(f.Params)}
		f.Params = append(f.Params, v)
		if par.Declarator != nil {
			fs.vars[par.Declarator] = v
		}
		names = append(names, v.Name)
	}
	fs.scopes = [][]string{names}
	bodyPos := l.posOf(&fd.CompoundStatement.Token)
	if bi := l.tokenIndex(bodyPos); bi >= 0 {
		for i, a := range l.anns {
			if l.used[i] || a.next != bi || a.prev < 0 || l.toks[a.prev].text != ")" {
				continue
			}
			l.used[i] = true
			if f.Contract != nil {
				l.error(errorf(l.file.pos(a.off), "function %s has two contracts", f.Name))
				continue
			}
			c, err := l.contract(a)
			if err != nil {
				l.error(err)
				continue
			}
			f.Contract = c
			fs.with = c.With
		}
	}
	f.Body = l.lowerBlock(fd.CompoundStatement)
	for _, v := range f.Locals {
		v.ID += len(f.Params)
	}
}

// pushScope and popScope track the C variables in scope, for annotations.
func (l *lowerer) pushScope() { l.fs.scopes = append(l.fs.scopes, nil) }
func (l *lowerer) popScope()  { l.fs.scopes = l.fs.scopes[:len(l.fs.scopes)-1] }

// lowerBlock lowers a compound statement in a new scope.
func (l *lowerer) lowerBlock(cs *cc.CompoundStatement) *Block {
	b := &Block{At: l.posOf(&cs.Token)}
	l.pushScope()
	defer l.popScope()
	for bl := cs.BlockItemList; bl != nil; bl = bl.BlockItemList {
		b.Stmts = append(b.Stmts, l.lowerItem(bl.BlockItem)...)
	}
	b.Stmts = append(b.Stmts, l.trailingAsserts(l.posOf(&cs.Token2))...)
	return b
}

// claim returns the annotations that stand right before the statement or
// declaration starting at p, in order, and marks them used.
func (l *lowerer) claim(p Pos) []*rawComment {
	ti := l.tokenIndex(p)
	if ti < 0 {
		return nil
	}
	var out []*rawComment
	for i, a := range l.anns {
		if l.used[i] || a.next != ti {
			continue
		}
		if a.prev >= 0 {
			switch l.toks[a.prev].text {
			case ";", "{", "}", ":":
			default:
				continue
			}
		}
		l.used[i] = true
		out = append(out, a)
	}
	return out
}

// trailingAsserts lowers the annotations right before a block's closing
// brace at p.
func (l *lowerer) trailingAsserts(p Pos) []Stmt {
	var out []Stmt
	for _, a := range l.claim(p) {
		if isInv(a.text) {
			l.error(errorf(l.file.pos(a.off), "misplaced loop invariant: Inv must stand right before for, while or do"))
			continue
		}
		if s := l.assertion(a); s != nil {
			out = append(out, s)
		}
	}
	return out
}

// lowerItem lowers a block item with the annotations before it.
func (l *lowerer) lowerItem(bi *cc.BlockItem) []Stmt {
	if bi == nil {
		return nil
	}
	var out []Stmt
	var loopInv *rawComment
	p := l.posOf(bi)
	isLoop := bi.Case == cc.BlockItemStmt && bi.Statement != nil && bi.Statement.Case == cc.StatementIteration
	anns := l.claim(p)
	for i, a := range anns {
		if isInv(a.text) {
			if !isLoop || i != len(anns)-1 {
				l.error(errorf(l.file.pos(a.off), "misplaced loop invariant: Inv must stand right before for, while or do"))
				continue
			}
			loopInv = a
			continue
		}
		if s := l.assertion(a); s != nil {
			out = append(out, s)
		}
	}
	switch bi.Case {
	case cc.BlockItemDecl:
		out = append(out, l.lowerLocalDecl(bi.Declaration)...)
	case cc.BlockItemStmt:
		if isLoop {
			if s := l.lowerLoop(bi.Statement.IterationStatement, loopInv); s != nil {
				out = append(out, s)
			}
		} else if s := l.lowerStmt(bi.Statement); s != nil {
			out = append(out, s)
		}
	case cc.BlockItemLabel:
		l.error(errorf(p, "labels and goto are not supported"))
	case cc.BlockItemFuncDef:
		l.error(errorf(p, "nested functions are not supported"))
	}
	return out
}

// lowerStmt lowers a statement; it returns nil after reporting an error.
func (l *lowerer) lowerStmt(s *cc.Statement) Stmt {
	if s == nil {
		return nil
	}
	p := l.posOf(s)
	switch s.Case {
	case cc.StatementCompound:
		return l.lowerBlock(s.CompoundStatement)
	case cc.StatementExpr:
		es := s.ExpressionStatement
		if es.ExpressionList == nil {
			return &Block{At: p}
		}
		st, err := l.exprStmt(es.ExpressionList)
		if err != nil {
			l.error(err)
			return nil
		}
		return st
	case cc.StatementSelection:
		return l.lowerSelection(s.SelectionStatement)
	case cc.StatementIteration:
		return l.lowerLoop(s.IterationStatement, nil)
	case cc.StatementJump:
		return l.lowerJump(s.JumpStatement)
	case cc.StatementLabeled:
		ls := s.LabeledStatement
		if ls.Case == cc.LabeledStatementLabel {
			l.error(errorf(p, "labels and goto are not supported"))
		} else {
			l.error(errorf(p, "case label outside the body of a switch statement is not supported"))
		}
		return nil
	case cc.StatementAsm:
		l.error(errorf(p, "inline assembly is not supported"))
		return nil
	}
	l.error(errorf(p, "unsupported statement"))
	return nil
}

// exprStmt lowers an expression statement: an assignment or increment at
// the top becomes an Assign, a comma a Block of statements.
func (l *lowerer) exprStmt(e cc.ExpressionNode) (Stmt, error) {
	switch x := e.(type) {
	case *cc.ExpressionList:
		if x.ExpressionList != nil {
			b := &Block{At: l.posOf(x)}
			for el := x; el != nil; el = el.ExpressionList {
				s, err := l.exprStmt(el.AssignmentExpression)
				if err != nil {
					return nil, err
				}
				b.Stmts = append(b.Stmts, s)
			}
			return b, nil
		}
		return l.exprStmt(x.AssignmentExpression)
	case *cc.PrimaryExpression:
		if x.Case == cc.PrimaryExpressionExpr {
			return l.exprStmt(x.ExpressionList)
		}
	}
	v, err := l.expr(e)
	if err != nil {
		return nil, err
	}
	if a, ok := v.(*AssignExpr); ok {
		return &Assign{At: a.At, LHS: a.LHS, Op: a.Op, RHS: a.RHS}, nil
	}
	return &ExprStmt{At: v.Pos(), X: v}, nil
}

func (l *lowerer) lowerSelection(s *cc.SelectionStatement) Stmt {
	p := l.posOf(s)
	switch s.Case {
	case cc.SelectionStatementIf, cc.SelectionStatementIfElse:
		cond, err := l.cond(s.ExpressionList)
		if err != nil {
			l.error(err)
			return nil
		}
		st := &If{At: p, Cond: cond, Then: l.lowerSub(s.Statement)}
		if s.Case == cc.SelectionStatementIfElse {
			st.Else = l.lowerSub(s.Statement2)
		}
		return st
	case cc.SelectionStatementSwitch:
		return l.lowerSwitch(s)
	}
	l.error(errorf(p, "unsupported selection statement"))
	return nil
}

// lowerSub lowers the body of an if or loop; it never returns nil.
func (l *lowerer) lowerSub(s *cc.Statement) Stmt {
	l.pushScope()
	defer l.popScope()
	if st := l.lowerStmt(s); st != nil {
		return st
	}
	return &Block{At: l.posOf(s)}
}

// cond lowers a controlling expression, a scalar.
func (l *lowerer) cond(e cc.ExpressionNode) (Expr, error) {
	x, err := l.expr(e)
	if err != nil {
		return nil, err
	}
	if !isScalar(x.Type()) {
		return nil, errorf(l.posOf(e), "condition of type %s is not a scalar", x.Type())
	}
	return x, nil
}

func (l *lowerer) lowerSwitch(s *cc.SelectionStatement) Stmt {
	p := l.posOf(s)
	tag, err := l.expr(s.ExpressionList)
	if err != nil {
		l.error(err)
		return nil
	}
	it, ok := tag.Type().(*IntType)
	if !ok {
		l.error(errorf(p, "switch on a non-integer"))
		return nil
	}
	pt := promote(it)
	tag = convert(tag, pt)
	sw := &Switch{At: p, Tag: tag}
	if s.Statement == nil || s.Statement.Case != cc.StatementCompound {
		l.error(errorf(p, "the body of a switch must be a block"))
		return nil
	}
	cs := s.Statement.CompoundStatement
	l.pushScope()
	defer l.popScope()
	var cur *Case
	seen := map[int64]bool{}
	for bl := cs.BlockItemList; bl != nil; bl = bl.BlockItemList {
		bi := bl.BlockItem
		if bi == nil {
			continue
		}
		if bi.Case == cc.BlockItemStmt && bi.Statement != nil && bi.Statement.Case == cc.StatementLabeled {
			st := bi.Statement
			cur = &Case{At: l.posOf(st)}
			sw.Cases = append(sw.Cases, cur)
			for st != nil && st.Case == cc.StatementLabeled {
				ls := st.LabeledStatement
				switch ls.Case {
				case cc.LabeledStatementCaseLabel:
					v, ok := intValue(ls.ConstantExpression)
					if !ok {
						l.error(errorf(l.posOf(ls), "case label is not an integer constant"))
						return nil
					}
					v = truncate(v, pt)
					if seen[v] {
						l.error(errorf(l.posOf(ls), "duplicate case %d", v))
					}
					seen[v] = true
					cur.Values = append(cur.Values, v)
				case cc.LabeledStatementDefault:
					cur.Default = true
				case cc.LabeledStatementRange:
					l.error(errorf(l.posOf(ls), "case ranges are not supported"))
					return nil
				default:
					l.error(errorf(l.posOf(ls), "labels and goto are not supported"))
					return nil
				}
				st = ls.Statement
			}
			if st != nil {
				for _, a := range l.claim(l.posOf(st)) {
					if s := l.assertion(a); s != nil {
						cur.Body = append(cur.Body, s)
					}
				}
				if s := l.lowerStmt(st); s != nil {
					cur.Body = append(cur.Body, s)
				}
			}
			continue
		}
		if cur == nil {
			l.error(errorf(l.posOf(bi), "statement before the first case label of a switch"))
			return nil
		}
		cur.Body = append(cur.Body, l.lowerItem(bi)...)
	}
	if cur != nil {
		cur.Body = append(cur.Body, l.trailingAsserts(l.posOf(&cs.Token2))...)
	}
	return sw
}

// intValue returns the value of an integer constant expression.
func intValue(e cc.ExpressionNode) (int64, bool) {
	if e == nil {
		return 0, false
	}
	switch v := e.Value().(type) {
	case cc.Int64Value:
		return int64(v), true
	case cc.UInt64Value:
		return int64(v), true
	}
	return 0, false
}

// lowerLoop lowers a loop with its invariant annotation (nil if none).
func (l *lowerer) lowerLoop(s *cc.IterationStatement, inv *rawComment) Stmt {
	p := l.posOf(s)
	l.pushScope()
	defer l.popScope()
	var init Stmt
	if s.Case == cc.IterationStatementFor && s.ExpressionList != nil {
		st, err := l.exprStmt(s.ExpressionList)
		if err != nil {
			l.error(err)
			return nil
		}
		init = st
	}
	if s.Case == cc.IterationStatementForDecl {
		decls := l.lowerLocalDecl(s.Declaration)
		if len(decls) == 1 {
			init = decls[0]
		} else {
			init = &Block{At: l.posOf(s.Declaration), Stmts: decls}
		}
	}
	var invariant *Invariant
	if inv != nil {
		iv, err := l.invariant(inv)
		if err != nil {
			l.error(err)
		}
		invariant = iv
	}
	switch s.Case {
	case cc.IterationStatementWhile:
		cond, err := l.cond(s.ExpressionList)
		if err != nil {
			l.error(err)
			return nil
		}
		return &While{At: p, Inv: invariant, Cond: cond, Body: l.lowerSub(s.Statement)}
	case cc.IterationStatementDo:
		body := l.lowerSub(s.Statement)
		cond, err := l.cond(s.ExpressionList)
		if err != nil {
			l.error(err)
			return nil
		}
		return &DoWhile{At: p, Inv: invariant, Body: body, Cond: cond}
	case cc.IterationStatementFor, cc.IterationStatementForDecl:
		st := &For{At: p, Inv: invariant, Init: init}
		condE, postE := s.ExpressionList2, s.ExpressionList3
		if s.Case == cc.IterationStatementForDecl {
			condE, postE = s.ExpressionList, s.ExpressionList2
		}
		if condE != nil {
			cond, err := l.cond(condE)
			if err != nil {
				l.error(err)
				return nil
			}
			st.Cond = cond
		}
		if postE != nil {
			post, err := l.exprStmt(postE)
			if err != nil {
				l.error(err)
				return nil
			}
			st.Post = post
		}
		st.Body = l.lowerSub(s.Statement)
		return st
	}
	l.error(errorf(p, "unsupported loop"))
	return nil
}

func (l *lowerer) lowerJump(s *cc.JumpStatement) Stmt {
	p := l.posOf(s)
	switch s.Case {
	case cc.JumpStatementGoto, cc.JumpStatementGotoExpr:
		l.error(errorf(p, "goto is not supported"))
		return nil
	case cc.JumpStatementContinue:
		return &Continue{At: p}
	case cc.JumpStatementBreak:
		return &Break{At: p}
	case cc.JumpStatementReturn:
		r := &Return{At: p}
		res := l.fs.fn.Result
		_, void := res.(*VoidType)
		if s.ExpressionList == nil {
			if !void {
				l.error(errorf(p, "return without a value in function %s returning %s", l.fs.fn.Name, res))
				return nil
			}
			return r
		}
		x, err := l.expr(s.ExpressionList)
		if err != nil {
			l.error(err)
			return nil
		}
		if void {
			if _, ok := x.Type().(*VoidType); !ok {
				l.error(errorf(p, "return with a value in void function %s", l.fs.fn.Name))
				return nil
			}
			return &ExprStmt{At: p, X: x}
		}
		x, err = l.assignConv(x, res, p)
		if err != nil {
			l.error(err)
			return nil
		}
		r.X = x
		return r
	}
	l.error(errorf(p, "unsupported jump statement"))
	return nil
}

// lowerLocalDecl lowers a declaration in a block into one Decl per
// declared variable.
func (l *lowerer) lowerLocalDecl(decl *cc.Declaration) []Stmt {
	if decl == nil {
		return nil
	}
	p := l.posOf(decl)
	switch decl.Case {
	case cc.DeclarationAssert:
		return nil
	case cc.DeclarationAuto:
		l.error(errorf(p, "__auto_type is not supported"))
		return nil
	}
	var out []Stmt
	for idl := decl.InitDeclaratorList; idl != nil; idl = idl.InitDeclaratorList {
		id := idl.InitDeclarator
		if id == nil || id.Declarator == nil {
			continue
		}
		d := id.Declarator
		dp := l.posOf(d)
		if d.IsTypename() {
			continue
		}
		if d.Name() == "__func__" {
			continue
		}
		if _, ok := d.Type().(*cc.FunctionType); ok {
			continue // a local prototype
		}
		if d.IsStatic() || d.IsExtern() {
			l.error(errorf(dp, "static and extern local variables are not supported"))
			continue
		}
		t, err := l.tc.convType(d.Type(), dp)
		if err != nil {
			l.error(err)
			continue
		}
		if t.Size() <= 0 || isIncomplete(t) {
			l.error(errorf(dp, "variable %s has incomplete type %s", d.Name(), t))
			continue
		}
		v := &Var{Name: d.Name(), Type: t, Pos: dp, ID: len(l.fs.fn.Locals)}
		st := &Decl{At: dp, Var: v}
		if id.Initializer != nil {
			in, err := l.localInit(id.Initializer, t)
			if err != nil {
				l.error(err)
				continue
			}
			st.Init = in
		}
		// The variable is in scope from its declarator on (after its
		// initialiser here, which cannot refer to it sensibly).
		l.fs.fn.Locals = append(l.fs.fn.Locals, v)
		l.fs.vars[d] = v
		top := len(l.fs.scopes) - 1
		l.fs.scopes[top] = append(l.fs.scopes[top], v.Name)
		out = append(out, st)
	}
	return out
}

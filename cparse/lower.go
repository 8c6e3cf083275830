package cparse

import (
	"modernc.org/cc/v4"
)

// maxErrors bounds the errors one Parse reports.
const maxErrors = 20

// lowerer lowers a type-checked translation unit to a Program.
type lowerer struct {
	file   *srcFile
	ast    *cc.AST
	toks   []rawToken
	tokAt  map[int]int // offset -> index in toks
	anns   []*rawComment
	used   []bool // anns[i] has been attached
	tc     typeConv
	prog   *Program
	errs   ErrorList
	macros *macroTable

	helpers map[*cc.Declarator]int64
	funcs   map[*cc.Declarator]*Function
	fnDefs  map[string]*Function
	maps    map[*cc.Declarator]*Map
	mapName map[string]*Map
	enums   map[string]int64

	fs      *funcState // the function being lowered
	annotAt int        // file offset of the annotation being parsed
}

// funcState is the state of lowering one function body.
type funcState struct {
	fn     *Function
	vars   map[*cc.Declarator]*Var
	scopes [][]string // names of the C variables in scope, by block
	with   []string
}

func newLowerer(file *srcFile, ast *cc.AST, toks []rawToken, anns []*rawComment) *lowerer {
	l := &lowerer{
		file:    file,
		ast:     ast,
		toks:    toks,
		tokAt:   make(map[int]int, len(toks)),
		anns:    anns,
		used:    make([]bool, len(anns)),
		tc:      typeConv{structs: map[cc.Type]*StructType{}},
		prog:    &Program{Name: file.name},
		helpers: map[*cc.Declarator]int64{},
		funcs:   map[*cc.Declarator]*Function{},
		fnDefs:  map[string]*Function{},
		maps:    map[*cc.Declarator]*Map{},
		mapName: map[string]*Map{},
		enums:   map[string]int64{},
	}
	for i, t := range toks {
		l.tokAt[t.off] = i
	}
	return l
}

// errorAt records an error; it returns false so callers can write
// "return l.errorAt(...)" in boolean contexts.
func (l *lowerer) error(err error) {
	if err == nil || len(l.errs) >= maxErrors {
		return
	}
	switch e := err.(type) {
	case *Error:
		l.errs = append(l.errs, e)
	case ErrorList:
		for _, x := range e {
			l.error(x)
		}
	default:
		l.errs = append(l.errs, &Error{Msg: err.Error()})
	}
}

// posOf returns the position of a cc/v4 node (its first token).
func (l *lowerer) posOf(n cc.Node) Pos {
	if n == nil {
		return Pos{}
	}
	p := n.Position()
	return Pos{File: p.Filename, Line: p.Line, Col: p.Column}
}

// inMain reports whether p is in the main file.
func (l *lowerer) inMain(p Pos) bool { return p.File == l.file.name }

// tokenIndex returns the index of the raw token at p in the main file, or
// -1.
func (l *lowerer) tokenIndex(p Pos) int {
	if !l.inMain(p) {
		return -1
	}
	off := l.file.offset(p.Line, p.Col)
	if i, ok := l.tokAt[off]; ok {
		return i
	}
	return -1
}

func (l *lowerer) lowerProgram() *Program {
	l.macros = newMacroTable(l.ast, l.file)
	var defs []*cc.FunctionDefinition
	for tu := l.ast.TranslationUnit; tu != nil; tu = tu.TranslationUnit {
		ed := tu.ExternalDeclaration
		if ed == nil {
			continue
		}
		switch ed.Case {
		case cc.ExternalDeclarationFuncDef:
			if f := l.declareFunc(ed.FunctionDefinition); f != nil {
				defs = append(defs, ed.FunctionDefinition)
			}
		case cc.ExternalDeclarationDecl:
			l.topDecl(ed.Declaration)
		case cc.ExternalDeclarationAsmStmt:
			l.error(errorf(l.posOf(ed), "inline assembly is not supported"))
		}
	}
	l.collectEnums()
	l.prog.Types = l.typeTable()
	for _, fd := range defs {
		l.lowerFunc(fd)
	}
	for i, a := range l.anns {
		if !l.used[i] {
			l.error(errorf(l.file.pos(a.off), "misplaced annotation: an annotation stands between a function's parameter list and its body, right before a loop, or as a statement in a block"))
		}
	}
	return l.prog
}

// collectEnums records the file-scope enumeration constants, which are
// replaced by their values in annotations.
func (l *lowerer) collectEnums() {
	if l.ast.Scope == nil {
		return
	}
	for name, nodes := range l.ast.Scope.Nodes {
		for _, n := range nodes {
			if e, ok := n.(*cc.Enumerator); ok {
				switch v := e.Value().(type) {
				case cc.Int64Value:
					l.enums[name] = int64(v)
				case cc.UInt64Value:
					l.enums[name] = int64(v)
				}
			}
		}
	}
}

// declareFunc creates the Function of a definition, before any body is
// lowered so that calls may precede definitions.
func (l *lowerer) declareFunc(fd *cc.FunctionDefinition) *Function {
	if fd == nil || fd.Declarator == nil {
		return nil
	}
	d := fd.Declarator
	p := l.posOf(d)
	var specs cc.Node
	if fd.DeclarationSpecifiers != nil {
		specs = fd.DeclarationSpecifiers
	}
	a := attrs(specs, d)
	f := &Function{Name: d.Name(), Pos: p, Static: d.IsStatic()}
	if a.hasSection {
		f.Section = a.section
		pt, ok := progType(a.section)
		if !ok {
			l.error(errorf(p, "unknown program type for section %q of function %s", a.section, f.Name))
		}
		f.ProgType = pt
	}
	switch {
	case a.noinline && a.alwaysInline:
		l.error(errorf(p, "function %s is both __noinline and __always_inline", f.Name))
	case a.noinline:
		f.Inline = InlineNever
	case a.alwaysInline:
		f.Inline = InlineAlways
	}
	ft, ok := d.Type().(*cc.FunctionType)
	if !ok {
		l.error(errorf(p, "%s is not a function", f.Name))
		return nil
	}
	if ft.IsVariadic() {
		l.error(errorf(p, "variadic function %s is not supported", f.Name))
		return nil
	}
	res, err := l.tc.convType(ft.Result(), p)
	if err != nil {
		l.error(err)
		return nil
	}
	f.Result = res
	if _, ok := res.(*StructType); ok {
		l.error(errorf(p, "function %s returns a struct: not supported", f.Name))
	}
	l.funcs[d] = f
	l.fnDefs[f.Name] = f
	l.prog.Funcs = append(l.prog.Funcs, f)
	return f
}

// topDecl handles a file-scope declaration: helper prototypes, maps and
// global variables. Declarations of the headers only contribute helpers.
func (l *lowerer) topDecl(decl *cc.Declaration) {
	if decl == nil || decl.Case != cc.DeclarationDecl {
		return
	}
	var specs cc.Node
	if decl.DeclarationSpecifiers != nil {
		specs = decl.DeclarationSpecifiers
	}
	for idl := decl.InitDeclaratorList; idl != nil; idl = idl.InitDeclaratorList {
		id := idl.InitDeclarator
		if id == nil || id.Declarator == nil {
			continue
		}
		d := id.Declarator
		if d.IsTypename() {
			continue
		}
		if id.Asm != nil {
			l.error(errorf(l.posOf(d), "asm labels are not supported"))
			continue
		}
		if n, ok := helperID(d, id.Initializer); ok {
			l.helpers[d] = n
			continue
		}
		p := l.posOf(d)
		if !l.inMain(p) {
			continue
		}
		if _, ok := d.Type().(*cc.FunctionType); ok {
			continue // a prototype
		}
		a := attrs(specs, id)
		switch {
		case a.section == ".maps":
			l.btfMap(d, id.Initializer, p)
		case a.section == "maps":
			l.legacyMap(d, id.Initializer, p)
		default:
			l.global(d, id.Initializer, a.section, p)
		}
	}
}

// helperID recognises a libbpf-style helper declaration
// static T (*const name)(…) = (void *)N.
func helperID(d *cc.Declarator, init *cc.Initializer) (int64, bool) {
	if init == nil || init.Case != cc.InitializerExpr || init.AssignmentExpression == nil {
		return 0, false
	}
	pt, ok := d.Type().(*cc.PointerType)
	if !ok {
		return 0, false
	}
	if _, ok := pt.Elem().(*cc.FunctionType); !ok {
		return 0, false
	}
	switch v := init.AssignmentExpression.Value().(type) {
	case cc.Int64Value:
		return int64(v), v > 0
	case cc.UInt64Value:
		return int64(v), v > 0
	}
	return 0, false
}

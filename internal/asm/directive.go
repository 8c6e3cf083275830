package asm

import (
	"strconv"
	"strings"

	"vep/internal/elfobj"
)

// ignored lists the directives clang emits that mean nothing to vep. The
// value says whether the directive is data, which only a data section may
// hold.
var ignored = map[string]bool{
	".p2align": false, ".align": false, ".balign": false, ".size": false, ".file": false,
	".loc": false, ".addrsig": false, ".addrsig_sym": false, ".ident": false,
	".hidden": false, ".local": false, ".protected": false,
	".byte": true, ".short": true, ".half": true, ".hword": true, ".word": true,
	".long": true, ".int": true, ".quad": true, ".2byte": true, ".4byte": true,
	".8byte": true, ".ascii": true, ".asciz": true, ".string": true, ".zero": true,
	".space": true, ".skip": true, ".fill": true, ".uleb128": true, ".sleb128": true,
}

// arg is a comma-separated argument of a directive and its column.
type arg struct {
	text string
	pos  Pos
}

// directive handles one directive statement.
func (a *assembler) directive(text string, pos Pos) {
	n := identLen(text)
	name := text[:n]
	args := splitArgs(text[n:], Pos{pos.Line, pos.Col + n})
	switch name {
	case ".section":
		a.sectionDirective(args, pos)
	case ".text":
		a.switchTo(".text", true, pos)
	case ".data", ".bss", ".rodata":
		a.switchTo(name, false, pos)
	case ".globl", ".global":
		if len(args) != 1 || !isIdent(args[0].text) {
			a.errorf(pos, "%s wants one name", name)
			return
		}
		a.globals[args[0].text] = true
	case ".type":
		if len(args) != 2 || !isIdent(args[0].text) {
			a.errorf(pos, ".type wants a name and a type")
			return
		}
		switch args[1].text {
		case "@function", "%function", "STT_FUNC":
			a.funcTypes[args[0].text] = true
		}
	case ".license":
		a.licenseDirective(args, pos)
	case ".map":
		a.mapDirective(args, pos, false)
	case ".inner":
		a.mapDirective(args, pos, true)
	default:
		data, ok := ignored[name]
		switch {
		case strings.HasPrefix(name, ".cfi_"):
		case !ok:
			a.errorf(pos, "unknown directive %s", name)
		case data && a.curCode:
			a.errorf(pos, "data directive %s in code section %s", name, a.cur)
		}
	}
}

// splitArgs splits s at commas outside double quotes. pos is the position of
// s[0]. It returns no arguments for blank s.
func splitArgs(s string, pos Pos) []arg {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var args []arg
	start, quoted := 0, false
	add := func(end int) {
		raw := s[start:end]
		lead := len(raw) - len(strings.TrimLeft(raw, " \t"))
		args = append(args, arg{strings.TrimSpace(raw), Pos{pos.Line, pos.Col + start + lead}})
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && quoted:
			i++
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			add(i)
			start = i + 1
		}
	}
	add(len(s))
	return args
}

// sectionDirective handles .section NAME[,"FLAGS"[,@TYPE...]].
func (a *assembler) sectionDirective(args []arg, pos Pos) {
	if len(args) == 0 || args[0].text == "" {
		a.errorf(pos, ".section wants a name")
		return
	}
	name := args[0].text
	if strings.HasPrefix(name, `"`) {
		s, err := strconv.Unquote(name)
		if err != nil || s == "" {
			a.errorf(args[0].pos, "malformed section name %s", name)
			return
		}
		name = s
	} else if strings.ContainsAny(name, " \t\"") {
		a.errorf(args[0].pos, "malformed section name %q", name)
		return
	}
	var code bool
	if len(args) > 1 {
		flags, err := strconv.Unquote(args[1].text)
		if err != nil {
			a.errorf(args[1].pos, "malformed section flags %s", args[1].text)
			return
		}
		code = strings.Contains(flags, "x")
	} else {
		code = name == ".text" || !(name == "license" || name == "maps" || strings.HasPrefix(name, "."))
	}
	a.switchTo(name, code, pos)
}

// switchTo makes name the current section.
func (a *assembler) switchTo(name string, code bool, pos Pos) {
	if was, ok := a.isCode[name]; ok && was != code {
		what := "data"
		if was {
			what = "code"
		}
		a.errorf(pos, "section %s was declared as %s before", name, what)
		return
	}
	a.isCode[name] = code
	a.cur, a.curCode = name, code
	if code {
		// Code sections are ordered by their first .section directive,
		// as in an object clang writes.
		a.codeSection()
	}
}

// licenseDirective handles .license "TEXT".
func (a *assembler) licenseDirective(args []arg, pos Pos) {
	if len(args) != 1 {
		a.errorf(pos, `.license wants one string, such as "GPL"`)
		return
	}
	s, err := strconv.Unquote(args[0].text)
	switch {
	case err != nil || !strings.HasPrefix(args[0].text, `"`):
		a.errorf(args[0].pos, "malformed license string %s", args[0].text)
	case s == "" || strings.IndexByte(s, 0) >= 0:
		a.errorf(args[0].pos, "license must be non-empty and hold no NUL byte")
	case a.license != nil:
		a.errorf(pos, "license redeclared (previous declaration at %s)", a.license)
	default:
		a.license = &pos
		a.obj.License = s
	}
}

// mapDecl is a .map or .inner declaration.
type mapDecl struct {
	m        elfobj.Map
	pos      Pos
	inner    string      // name of the inner template
	anon     *elfobj.Map // anonymous inner template (inner_* attributes)
	innerPos Pos
}

// mapDirective handles .map (inner false) and .inner (inner true).
func (a *assembler) mapDirective(args []arg, pos Pos, inner bool) {
	dir := ".map"
	if inner {
		dir = ".inner"
	}
	if len(args) < 2 {
		a.errorf(pos, "%s wants a name, a type and key=, value=, max_entries=", dir)
		return
	}
	d := &mapDecl{pos: pos}
	d.m.Name = args[0].text
	if !isIdent(d.m.Name) {
		a.errorf(args[0].pos, "malformed map name %q", d.m.Name)
		return
	}
	if !inner && !isSymbol(d.m.Name) {
		a.errorf(args[0].pos, "map name %s is reserved for a register or a generated label", d.m.Name)
		return
	}
	t, ok := parseMapType(args[1].text)
	if !ok {
		a.errorf(args[1].pos, "unknown map type %q", args[1].text)
		return
	}
	d.m.Type = t
	var anon elfobj.Map
	seen := make(map[string]bool)
	for _, ar := range args[2:] {
		key, val, ok := strings.Cut(ar.text, "=")
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if !ok {
			a.errorf(ar.pos, "expected key=value, found %q", ar.text)
			return
		}
		if seen[key] {
			a.errorf(ar.pos, "%s given twice", key)
			return
		}
		seen[key] = true
		var field *uint32
		switch key {
		case "key":
			field = &d.m.KeySize
		case "value":
			field = &d.m.ValueSize
		case "max_entries":
			field = &d.m.MaxEntries
		case "flags":
			field = &d.m.Flags
		case "inner", "inner_type", "inner_key", "inner_value", "inner_max_entries", "inner_flags":
			if inner {
				a.errorf(ar.pos, "nested inner maps are not supported")
				return
			}
			if d.innerPos == (Pos{}) {
				d.innerPos = ar.pos
			}
			switch key {
			case "inner":
				if !isIdent(val) {
					a.errorf(ar.pos, "malformed inner template name %q", val)
					return
				}
				d.inner = val
				continue
			case "inner_type":
				if anon.Type, ok = parseMapType(val); !ok {
					a.errorf(ar.pos, "unknown map type %q", val)
					return
				}
				continue
			case "inner_key":
				field = &anon.KeySize
			case "inner_value":
				field = &anon.ValueSize
			case "inner_max_entries":
				field = &anon.MaxEntries
			case "inner_flags":
				field = &anon.Flags
			}
		default:
			a.errorf(ar.pos, "unknown %s attribute %q", dir, key)
			return
		}
		if *field, ok = parseUint32(val); !ok {
			a.errorf(ar.pos, "malformed number %q for %s", val, key)
			return
		}
	}
	for _, key := range []string{"key", "value", "max_entries"} {
		if !seen[key] {
			a.errorf(pos, "%s %s: missing %s=", dir, d.m.Name, key)
			return
		}
	}
	if anyInner := seen["inner_type"] || seen["inner_key"] || seen["inner_value"] || seen["inner_max_entries"] || seen["inner_flags"]; anyInner {
		if d.inner != "" {
			a.errorf(d.innerPos, "give inner=TEMPLATE or the inner_* attributes, not both")
			return
		}
		for _, key := range []string{"inner_type", "inner_key", "inner_value", "inner_max_entries"} {
			if !seen[key] {
				a.errorf(pos, ".map %s: missing %s=", d.m.Name, key)
				return
			}
		}
		if isMapInMap(anon.Type) {
			a.errorf(d.innerPos, "nested inner maps are not supported")
			return
		}
		d.anon = &anon
	}
	hasInner := d.inner != "" || d.anon != nil
	switch {
	case inner && isMapInMap(t):
		a.errorf(args[1].pos, "nested inner maps are not supported")
	case !inner && isMapInMap(t) && !hasInner:
		a.errorf(pos, "map-in-map %s needs inner=TEMPLATE or inner_type=, inner_key=, inner_value=, inner_max_entries=", d.m.Name)
	case !inner && !isMapInMap(t) && hasInner:
		a.errorf(d.innerPos, "only array_of_maps and hash_of_maps have an inner map")
	case inner:
		if prev, ok := a.inners[d.m.Name]; ok {
			a.errorf(pos, "inner template %s redeclared (previous declaration at %s)", d.m.Name, prev.pos)
			return
		}
		a.inners[d.m.Name] = d
	default:
		if prev := a.declared(d.m.Name); prev != nil {
			a.errorf(pos, "%s redeclared (previous declaration at %s)", d.m.Name, prev)
			return
		}
		a.maps[d.m.Name] = d
		a.mapOrder = append(a.mapOrder, d)
	}
}

// parseMapType parses a map type name or number.
func parseMapType(s string) (uint32, bool) {
	if t, ok := mapTypeNames[s]; ok {
		return t, true
	}
	t, ok := parseUint32(s)
	return t, ok && t != 0
}

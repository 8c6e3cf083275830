package cparse

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"modernc.org/cc/v4"
)

// Option configures Parse.
type Option func(*config)

type config struct {
	includes []fs.FS
	defines  []string
	err      error
}

// WithInclude adds an include directory: the root of fsys is searched for
// #include "…" and #include <…> before the hermetic Headers, in the order
// the options are given.
func WithInclude(fsys fs.FS) Option {
	return func(c *config) { c.includes = append(c.includes, fsys) }
}

// WithDefine predefines the object-like macro name with the replacement
// value, as -Dname=value does.
func WithDefine(name, value string) Option {
	return func(c *config) {
		ok := name != "" && isIdentByte(name[0])
		for i := 0; i < len(name); i++ {
			ok = ok && (isIdentByte(name[i]) || name[i] >= '0' && name[i] <= '9')
		}
		if !ok || strings.ContainsAny(value, "\n\r") {
			c.err = fmt.Errorf("WithDefine(%q, %q): not a macro name, or a value of more than one line", name, value)
			return
		}
		c.defines = append(c.defines, "#define "+name+" "+value)
	}
}

// prelude is what the front end predefines instead of cc.Builtin: the
// macros clang -target bpf predefines that programs and headers use, the
// declarations cc/v4 needs, and the prototypes of the builtins that the
// lowering supports (the type-generic __sync builtins need none).
const prelude = `#define __STDC__ 1
#define __STDC_VERSION__ 201112L
#define __STDC_HOSTED__ 0
#define __GNUC__ 4
#define __bpf__ 1
#define __BPF__ 1
#define __LP64__ 1
#define __CHAR_BIT__ 8
#define __SIZE_TYPE__ long unsigned int
#define __PTRDIFF_TYPE__ long int
#define __WCHAR_TYPE__ int
#define __UINT16_TYPE__ unsigned short
#define __UINT32_TYPE__ unsigned int
#define __UINT64_TYPE__ long unsigned int
#define __ORDER_LITTLE_ENDIAN__ 1234
#define __ORDER_BIG_ENDIAN__ 4321
#define __BYTE_ORDER__ __ORDER_LITTLE_ENDIAN__
#define __LITTLE_ENDIAN__ 1
#define __extension__
#define __builtin_offsetof(type, member) ((__SIZE_TYPE__)&(((type *)0)->member))
int __predefined_declarator;
typedef __SIZE_TYPE__ __predefined_size_t;
typedef __PTRDIFF_TYPE__ __predefined_ptrdiff_t;
typedef __WCHAR_TYPE__ __predefined_wchar_t;
__UINT16_TYPE__ __builtin_bswap16(__UINT16_TYPE__);
__UINT32_TYPE__ __builtin_bswap32(__UINT32_TYPE__);
__UINT64_TYPE__ __builtin_bswap64(__UINT64_TYPE__);
void *__builtin_memcpy(void *, const void *, __SIZE_TYPE__);
void *__builtin_memset(void *, int, __SIZE_TYPE__);
long __builtin_expect(long, long);
`

// sourceCache shares the scanned headers (and the prelude) between the
// translation units of this process; it is safe for concurrent use.
var sourceCache cc.SourceCache

// preludeName is the name the prelude is given; it never occurs in errors
// about user code.
const preludeName = "<vep-prelude>"

// endName and endSentinel end every translation unit with the declaration
// "const static int …;". cc/v4's parser loops forever, collecting errors,
// when the input ends inside a pointer declarator's type qualifier list
// ("*" followed by junk to the end of the file): "const" is a qualifier
// that list accepts, and "static" is one of the tokens that ends it. In a
// valid program the sentinel is one more unused file-scope declaration,
// which lowering ignores as it is outside the main file. checkIncludes
// covers the other way into that loop found so far.
const (
	endName     = "<vep-end>"
	endSentinel = "\nconst static int vep_end_of_input_;\n"
)

// Parse preprocesses src (named name in positions) with the hermetic
// Headers, type-checks it, lowers it to the IR and attaches its
// annotations. Errors are an ErrorList of "file:line:col: message" errors.
func Parse(name string, src []byte, opts ...Option) (*Program, error) {
	var c config
	for _, o := range opts {
		o(&c)
	}
	if c.err != nil {
		return nil, c.err
	}
	if err := checkIncludes(name, src); err != nil {
		return nil, ErrorList{err}
	}
	file := newSrcFile(name, src)
	toks, anns, err := scanSource(file)
	if err != nil {
		return nil, ErrorList{err.(*Error)}
	}
	ast, err := translate(name, src, &c)
	if err != nil {
		return nil, err
	}
	l := newLowerer(file, ast, toks, anns)
	prog := l.lowerProgram()
	if len(l.errs) > 0 {
		sortErrors(l.errs)
		return nil, l.errs
	}
	return prog, nil
}

// translate runs cc/v4 over src, hermetically.
func translate(name string, src []byte, c *config) (ast *cc.AST, err error) {
	abi, err := cc.NewABI("linux", "amd64")
	if err != nil {
		return nil, err
	}
	ofs := &overlayFS{extra: c.includes}
	var incs []string
	for i := range c.includes {
		incs = append(incs, fmt.Sprintf("extra%d", i))
	}
	cfg := &cc.Config{
		ABI:             abi,
		FS:              ofs,
		FSOnly:          true,
		IncludePaths:    append([]string{""}, incs...),
		SysIncludePaths: append(incs, "include"),
		ABILayout:       true,
		ExpansionLimit:  1 << 24,
		SourceCache:     &sourceCache,
	}
	cfg.IncludePaths = append(cfg.IncludePaths, "include")
	pre := prelude
	if len(c.defines) > 0 {
		pre += strings.Join(c.defines, "\n") + "\n"
	}
	// The one recover of the package: cc/v4 itself panics on some invalid
	// programs (for example two structs that contain each other by value,
	// "struct b; struct a { struct b x; }; struct b { struct a y; };"),
	// and a bug there must not crash the program embedding vep.
	defer func() {
		if r := recover(); r != nil {
			ast, err = nil, ErrorList{errorf(Pos{File: name, Line: 1, Col: 1}, "the C front end (modernc.org/cc/v4) failed on this program: %v", r)}
		}
	}()
	ast, err = cc.Translate(cfg, []cc.Source{
		{Name: preludeName, Value: pre},
		{Name: name, Value: string(src)},
		{Name: endName, Value: endSentinel},
	})
	if err != nil {
		el := ccErrors(err)
		for _, e := range el {
			if e.Pos.File == endName { // the sentinel: the file ended early
				lines := strings.Count(string(src), "\n")
				e.Pos = Pos{File: name, Line: lines + 1, Col: 1}
				e.Msg = "unexpected end of file: a declaration is not finished"
			}
		}
		return nil, el
	}
	return ast, nil
}

// overlayFS serves the hermetic Headers under "include" and the extra
// include directories under "extra0", "extra1", ….
type overlayFS struct {
	extra []fs.FS
}

// Open implements fs.FS.
func (o *overlayFS) Open(name string) (fs.File, error) {
	for i, e := range o.extra {
		prefix := fmt.Sprintf("extra%d/", i)
		if strings.HasPrefix(name, prefix) {
			return e.Open(strings.TrimPrefix(name, prefix))
		}
	}
	if strings.HasPrefix(name, "include/") || name == "include" {
		return Headers.Open(name)
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func sortErrors(l ErrorList) {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return false
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// checkIncludes rejects an #include directive without a header name in
// <> or "": cc/v4 then drops the rest of the file and its parser can loop
// forever on what was before it.
func checkIncludes(name string, src []byte) *Error {
	for i, line := range strings.Split(string(src), "\n") {
		t := strings.TrimLeft(line, " \t")
		if !strings.HasPrefix(t, "#") {
			continue
		}
		t = strings.TrimLeft(t[1:], " \t")
		if !strings.HasPrefix(t, "include") {
			continue
		}
		rest := t[len("include"):]
		if rest != "" && rest[0] != ' ' && rest[0] != '\t' && rest[0] != '<' && rest[0] != '"' {
			continue // another directive, such as #include_next
		}
		rest = strings.TrimLeft(rest, " \t")
		if !strings.HasPrefix(rest, "<") && !strings.HasPrefix(rest, "\"") {
			col := strings.Index(line, "#") + 1
			return errorf(Pos{File: name, Line: i + 1, Col: col}, "#include needs a header name in <> or \"\"")
		}
	}
	return nil
}

// Package vep is the facade of the vep eBPF verification toolchain: Verify
// proves an annotated eBPF program in C safe, or reports where and why it
// may not be.
//
// Every function takes source bytes, never a path, so that loaders and CI
// can embed it.
package vep

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"vep/cparse"
	"vep/cverify"
)

// Option configures Verify.
type Option func(*config)

type config struct {
	parse  []cparse.Option
	verify cverify.Options
}

// WithInclude adds an include directory (the root of fsys) searched before
// vep's hermetic headers.
func WithInclude(fsys fs.FS) Option {
	return func(c *config) { c.parse = append(c.parse, cparse.WithInclude(fsys)) }
}

// WithDefine predefines the object-like macro name, as -Dname=value does.
func WithDefine(name, value string) Option {
	return func(c *config) { c.parse = append(c.parse, cparse.WithDefine(name, value)) }
}

// WithMaxSteps bounds the statements the verifier executes per function
// over all its paths (0 means the default).
func WithMaxSteps(n int) Option {
	return func(c *config) { c.verify.MaxSteps = n }
}

// Verdict is the outcome of verifying one function.
type Verdict = cverify.Verdict

// The verdicts.
const (
	Verified = cverify.Verified // every path is safe
	Rejected = cverify.Rejected // see the diagnostics
	Inlined  = cverify.Inlined  // no contract: verified at each call site
)

// Diagnostic is a verification failure at a C position; its Error method
// prints "file:line:col: error: what", the failed obligation, the state it
// was proved from and a counterexample when there is one.
type Diagnostic = cverify.Diagnostic

// FunctionReport is the outcome for one function.
type FunctionReport struct {
	Name    string
	Section string // the SEC name of an entry point, "" for a subprogram
	Pos     cparse.Pos
	Verdict Verdict
	// Obligations is the number of proof obligations, Time the wall time
	// spent on the function (SolverTime of it in the solver).
	Obligations      int
	Time, SolverTime time.Duration
	Diagnostics      []*Diagnostic
}

// Report is the outcome of Verify.
type Report struct {
	Name      string
	Functions []*FunctionReport
	// Diagnostics are failures that belong to no single function, such
	// as a call to a function that is neither defined nor a helper.
	Diagnostics []*Diagnostic
	// Time is the wall time of Verify, parsing included.
	Time time.Duration
}

// OK reports whether every function verified.
func (r *Report) OK() bool {
	if len(r.Diagnostics) > 0 {
		return false
	}
	for _, f := range r.Functions {
		if f.Verdict == Rejected {
			return false
		}
	}
	return true
}

// String prints the diagnostics and one summary line per function.
func (r *Report) String() string {
	var b strings.Builder
	for _, d := range r.Diagnostics {
		fmt.Fprintln(&b, d.Error())
	}
	for _, f := range r.Functions {
		for _, d := range f.Diagnostics {
			fmt.Fprintln(&b, d.Error())
		}
	}
	for _, f := range r.Functions {
		kind := "subprogram"
		if f.Section != "" {
			kind = "SEC(\"" + f.Section + "\")"
		}
		fmt.Fprintf(&b, "%s: %s %s: %s (%d obligations, %v)\n", f.Pos, kind, f.Name, f.Verdict, f.Obligations, f.Time.Round(time.Microsecond))
	}
	return b.String()
}

// undefinedCall is the front end's message for a call that is neither a
// helper nor a function of the program: a defect of the program, which
// Verify reports as a rejection rather than as invalid input.
const undefinedCall = "call to undefined function"

// Verify parses the annotated C program src (named name in positions) and
// verifies every entry point and every subprogram with a contract. It
// returns an error only for invalid input: C that does not compile or a
// malformed annotation. An unsafe program gives a Report whose OK is false.
func Verify(name string, src []byte, opts ...Option) (*Report, error) {
	start := time.Now()
	var c config
	for _, o := range opts {
		o(&c)
	}
	rep := &Report{Name: name}
	p, err := cparse.Parse(name, src, c.parse...)
	if err != nil {
		var el cparse.ErrorList
		if !errors.As(err, &el) || len(el) == 0 {
			return nil, err
		}
		for _, e := range el {
			if !strings.HasPrefix(e.Msg, undefinedCall) {
				return nil, err
			}
			rep.Diagnostics = append(rep.Diagnostics, &Diagnostic{Pos: e.Pos, Msg: e.Msg})
		}
		rep.Time = time.Since(start)
		return rep, nil
	}
	res := cverify.Verify(p, c.verify)
	for _, f := range res.Funcs {
		rep.Functions = append(rep.Functions, &FunctionReport{
			Name: f.Name, Section: f.Section, Pos: f.Pos, Verdict: f.Verdict,
			Obligations: f.Obligations, Time: f.Time, SolverTime: f.SolverTime,
			Diagnostics: f.Diags,
		})
	}
	rep.Time = time.Since(start)
	return rep, nil
}

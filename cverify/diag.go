package cverify

import (
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strings"

	"vep/cparse"
	"vep/sep"
)

// Diagnostic is one verification failure at a C position.
type Diagnostic struct {
	Pos cparse.Pos
	// Msg says what is wrong, in the program's terms.
	Msg string
	// Obligation is the failed proof obligation in assertion syntax, or
	// "" when the failure is not a failed proof.
	Obligation string
	// State is the part of the symbolic state the obligation was proved
	// from (path facts over the values involved).
	State string
	// Counterexample gives values that satisfy State and falsify
	// Obligation, when the solver found some ("when n = 21").
	Counterexample string
}

// Error returns the diagnostic in the form "file:line:col: error: msg",
// followed by indented lines for the obligation, state and counterexample.
func (d *Diagnostic) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: error: %s", d.Pos, d.Msg)
	if d.Obligation != "" {
		fmt.Fprintf(&b, "\n\tcannot prove: %s", d.Obligation)
	}
	if d.State != "" {
		fmt.Fprintf(&b, "\n\tfrom: %s", d.State)
	}
	if d.Counterexample != "" {
		fmt.Fprintf(&b, "\n\tcounterexample: %s", d.Counterexample)
	}
	return b.String()
}

var suffix = regexp.MustCompile(`_[0-9]+$`)

// fail records the first failure of the function.
func (v *verifier) fail(pos cparse.Pos, msg string, goal sep.Formula, pr *proveResult) {
	if v.diag != nil {
		return
	}
	d := &Diagnostic{Pos: pos, Msg: msg}
	ren := v.renaming(goal, pr)
	if goal != nil {
		d.Obligation = sep.Subst(goal, ren).String()
	}
	for k, t := range ren {
		d.Msg = regexp.MustCompile(`\b`+regexp.QuoteMeta(k)+`\b`).ReplaceAllString(d.Msg, t.String())
	}
	if pr != nil {
		if b, ok := pr.hyp.(*sep.Bool); pr.hyp != nil && !(ok && b.Val) {
			s := sep.Subst(pr.hyp, ren).String()
			if len(s) > 400 {
				s = s[:400] + " …"
			}
			d.State = s
		}
		if pr.res != nil && len(pr.res.Countermodel) > 0 {
			d.Counterexample = v.counterexample(pr.res.Countermodel)
		}
	}
	v.diag = d
}

// counterexample prints a countermodel with the C names the constants
// stand for.
func (v *verifier) counterexample(m map[string]*big.Int) string {
	names := make([]string, 0, len(m))
	var parts []string
	// The packet: say how long it is rather than where it lies.
	var data, end string
	for k := range m {
		switch v.hints[k] {
		case "data":
			data = k
		case "data_end":
			end = k
		}
	}
	if data != "" && end != "" {
		parts = append(parts, fmt.Sprintf("the packet has %s bytes", new(big.Int).Sub(m[end], m[data])))
	}
	for k := range m {
		if k != data && k != end || data == "" || end == "" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		n := suffix.ReplaceAllString(k, "")
		if h, ok := v.hints[k]; ok {
			n = h
		}
		parts = append(parts, fmt.Sprintf("%s = %s", n, m[k]))
	}
	if len(parts) > 6 {
		parts = append(parts[:6], "…")
	}
	return "when " + strings.Join(parts, " and ")
}

// renaming maps the verifier's constants to the C names they stand for,
// where that is unambiguous, for messages.
func (v *verifier) renaming(goal sep.Formula, pr *proveResult) map[string]sep.Term {
	var names []string
	if goal != nil {
		names = append(names, sep.FreeVars(goal)...)
	}
	if pr != nil && pr.hyp != nil {
		names = append(names, sep.FreeVars(pr.hyp)...)
	}
	short := map[string][]string{}
	seen := map[string]bool{}
	for _, k := range names {
		if seen[k] {
			continue
		}
		seen[k] = true
		n := suffix.ReplaceAllString(k, "")
		if h, ok := v.hints[k]; ok {
			n = h
		}
		short[n] = append(short[n], k)
	}
	ren := map[string]sep.Term{}
	for n, ks := range short {
		if len(ks) == 1 && !seen[n] && n != ks[0] {
			ren[ks[0]] = tvar(n)
		}
	}
	return ren
}

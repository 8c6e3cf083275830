package contracts

import (
	"fmt"
	"strings"
	"sync"

	"vep/sep"
)

// Contract is a parsed helper contract: logical constants, precondition and
// postcondition, over the helper's parameter names and sep.ReturnName.
type Contract struct {
	With    []string
	Require sep.Formula
	Ensure  sep.Formula
}

// ParseContract parses "With x y … Require P Ensure Q" (every clause
// optional, in that order; a missing Require or Ensure is "true") as a
// C-level contract. The keywords are whole words outside the formulas,
// which never use them as names. Errors carry line:col positions in text.
func ParseContract(text string) (*Contract, error) {
	clauses, err := splitClauses(text)
	if err != nil {
		return nil, err
	}
	c := &Contract{}
	if w, ok := clauses["With"]; ok {
		for _, name := range strings.Fields(w.src) {
			if !isIdent(name) {
				return nil, fmt.Errorf("%s: With expects names, found %q", w.pos, name)
			}
			c.With = append(c.With, name)
		}
		if len(c.With) == 0 {
			return nil, fmt.Errorf("%s: With without names", w.pos)
		}
	}
	for _, kw := range []string{"Require", "Ensure"} {
		f := sep.Formula(&sep.Bool{Val: true})
		if cl, ok := clauses[kw]; ok {
			f, err = sep.ParseFormula(cl.src, &sep.Config{Start: cl.pos})
			if err != nil {
				return nil, fmt.Errorf("%s clause: %w", kw, err)
			}
		}
		if kw == "Require" {
			c.Require = f
		} else {
			c.Ensure = f
		}
	}
	return c, nil
}

type clause struct {
	src string
	pos sep.Pos
}

// splitClauses cuts text at the keywords With, Require and Ensure.
func splitClauses(text string) (map[string]clause, error) {
	order := map[string]int{"With": 0, "Require": 1, "Ensure": 2}
	out := map[string]clause{}
	last, cur := -1, ""
	start := 0
	line, col := 1, 1
	var curPos sep.Pos
	flush := func(end int) error {
		if cur == "" {
			if strings.TrimSpace(text[:end]) != "" {
				return fmt.Errorf("1:1: contract must start with With, Require or Ensure")
			}
			return nil
		}
		out[cur] = clause{src: text[start:end], pos: curPos}
		return nil
	}
	for i := 0; i < len(text); {
		c := text[i]
		if isLetter(c) {
			j := i
			for j < len(text) && (isLetter(text[j]) || isDigit(text[j])) {
				j++
			}
			word := text[i:j]
			if k, ok := order[word]; ok {
				if k <= last {
					return nil, fmt.Errorf("%d:%d: %s out of order or repeated", line, col, word)
				}
				if err := flush(i); err != nil {
					return nil, err
				}
				last, cur, start = k, word, j
				curPos = sep.Pos{Line: line, Col: col + len(word)}
			}
			col += j - i
			i = j
			continue
		}
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i++
	}
	if err := flush(len(text)); err != nil {
		return nil, err
	}
	return out, nil
}

func isLetter(c byte) bool { return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }

func isIdent(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isLetter(s[i]) && !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// Instantiate returns the precondition and postcondition with parameter
// params[i] replaced by args[i] and __return by ret (left alone if ret is
// nil). The args must denote the argument values at the call; at bytecode
// level, where R1 … R5 are clobbered by the call, the caller names them by
// logical constants before substituting into the postcondition. The With
// constants are not renamed: the caller makes them fresh.
func (c *Contract) Instantiate(params []string, args []sep.Term, ret sep.Term) (pre, post sep.Formula, err error) {
	if len(args) != len(params) {
		return nil, nil, fmt.Errorf("contract has %d parameters, got %d arguments", len(params), len(args))
	}
	s := make(map[string]sep.Term, len(params)+1)
	for i, p := range params {
		s[p] = args[i]
	}
	pre = sep.Subst(c.Require, s)
	if ret != nil {
		s[sep.ReturnName] = ret
	}
	return pre, sep.Subst(c.Ensure, s), nil
}

// lazy is contract text parsed on first use, with the result cached.
type lazy struct {
	once sync.Once
	c    *Contract
	err  error
}

func (l *lazy) get(text string) (*Contract, error) {
	l.once.Do(func() { l.c, l.err = ParseContract(text) })
	return l.c, l.err
}

// Footprint returns the regions the contract's precondition owns: the
// spatial chunks of Require in normal form.
func (c *Contract) Footprint() ([]*sep.Pred, error) {
	n, err := sep.Normalize(c.Require)
	if err != nil {
		return nil, err
	}
	return n.Chunks, nil
}

// Written returns the chunks of the footprint that the helper may write:
// those Ensure does not restate unchanged (the same predicate with the same
// arguments, contents included). A loop's write set adds these regions.
func (c *Contract) Written() ([]*sep.Pred, error) {
	pre, err := c.Footprint()
	if err != nil {
		return nil, err
	}
	post, err := sep.Normalize(c.Ensure)
	if err != nil {
		return nil, err
	}
	var out []*sep.Pred
	for _, p := range pre {
		kept := false
		for _, q := range post.Chunks {
			if sep.Equal(p, q) {
				kept = true
				break
			}
		}
		if !kept {
			out = append(out, p)
		}
	}
	return out, nil
}

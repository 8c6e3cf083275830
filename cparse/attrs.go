package cparse

import (
	"strconv"

	"modernc.org/cc/v4"
)

// declAttrs are the attributes the front end reads from a declaration.
type declAttrs struct {
	section      string
	hasSection   bool
	noinline     bool
	alwaysInline bool
}

// attrs scans the tokens of nodes for section("…"), noinline and
// always_inline.
func attrs(nodes ...cc.Node) declAttrs {
	var a declAttrs
	for _, n := range nodes {
		if n == nil {
			continue
		}
		toks := cc.NodeTokens(n)
		for i := 0; i < len(toks); i++ {
			switch s := toks[i].SrcStr(); s {
			case "section", "__section__":
				if i+2 < len(toks) && toks[i+1].SrcStr() == "(" {
					if v, err := strconv.Unquote(toks[i+2].SrcStr()); err == nil {
						a.section, a.hasSection = v, true
					}
				}
			case "noinline", "__noinline__":
				a.noinline = true
			case "always_inline", "__always_inline__":
				a.alwaysInline = true
			case "=":
				i = len(toks) // the initialiser holds no attributes
			}
		}
	}
	return a
}

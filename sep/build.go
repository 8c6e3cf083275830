package sep

// Conj returns fs joined by && (left-nested), or true if fs is empty.
func Conj(fs ...Formula) Formula {
	if len(fs) == 0 {
		return &Bool{Val: true}
	}
	f := fs[0]
	for _, g := range fs[1:] {
		f = &And{At: g.Pos(), X: f, Y: g}
	}
	return f
}

// Star returns fs joined by the separating conjunction (left-nested), or
// emp if fs is empty.
func Star(fs ...Formula) Formula {
	if len(fs) == 0 {
		return &Emp{}
	}
	f := fs[0]
	for _, g := range fs[1:] {
		f = &Sep{At: g.Pos(), X: f, Y: g}
	}
	return f
}

package bench

// LineCounts are the sizes of a C source file.
type LineCounts struct {
	// Code is the number of lines holding something other than white
	// space and comments (preprocessor lines included).
	Code int `json:"loc"`
	// Annot is the number of lines holding non-blank text of a /*@ … */
	// annotation comment, delimiters included. A line with both code and
	// an annotation counts in both.
	Annot int `json:"annotation_lines"`
}

// CountLines counts the code and annotation lines of the C source src.
// String and character literals are skipped, so a "/*" inside one does not
// open a comment.
func CountLines(src []byte) LineCounts {
	const (
		code = iota
		lineComment
		blockComment
		annotation
		str
	)
	var (
		c                 LineCounts
		state             = code
		quote             byte // the delimiter of the literal in state str
		hasCode, hasAnnot bool
	)
	endLine := func() {
		if hasCode {
			c.Code++
		}
		if hasAnnot {
			c.Annot++
		}
		hasCode, hasAnnot = false, false
	}
	for i := 0; i < len(src); i++ {
		b := src[i]
		if b == '\n' {
			endLine()
			if state == lineComment || state == str {
				// A line comment ends here; so does an unterminated literal.
				state = code
			}
			continue
		}
		blank := b == ' ' || b == '\t' || b == '\r' || b == '\f' || b == '\v'
		next := byte(0)
		if i+1 < len(src) {
			next = src[i+1]
		}
		switch state {
		case code:
			switch {
			case b == '/' && next == '/':
				state = lineComment
				i++
			case b == '/' && next == '*':
				state = blockComment
				if i+2 < len(src) && src[i+2] == '@' {
					state = annotation
					hasAnnot = true
				}
				i++
			case b == '"' || b == '\'':
				state, quote = str, b
				hasCode = true
			case !blank:
				hasCode = true
			}
		case str:
			switch b {
			case '\\':
				if next != '\n' {
					i++
				}
			case quote:
				state = code
			}
		case lineComment:
		case blockComment, annotation:
			if state == annotation && !blank {
				hasAnnot = true
			}
			if b == '*' && next == '/' {
				state = code
				i++
			}
		}
	}
	if len(src) > 0 && src[len(src)-1] != '\n' {
		endLine()
	}
	return c
}

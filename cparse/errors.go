package cparse

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Pos is a position in a C source file: a file name, a 1-based line and a
// 1-based column counted in bytes. The zero Pos means "no position".
type Pos struct {
	File      string
	Line, Col int
}

// IsValid reports whether p is a real position.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String returns "file:line:col", or "-" for the zero Pos.
func (p Pos) String() string {
	if !p.IsValid() {
		return "-"
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is an error located in a C source file.
type Error struct {
	Pos Pos
	Msg string
}

// Error returns "file:line:col: message".
func (e *Error) Error() string {
	if !e.Pos.IsValid() {
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// ErrorList is a list of located errors, in source order.
type ErrorList []*Error

// Error joins the messages one per line.
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Err returns l as an error, or nil if l is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

func errorf(p Pos, format string, args ...any) *Error {
	return &Error{Pos: p, Msg: fmt.Sprintf(format, args...)}
}

// ccOrigin matches the origin cc/v4 appends to or puts inside its messages,
// such as " (check.go:638:sizeT:)" or "check.go:123: ".
var (
	ccOriginSuffix = regexp.MustCompile(`\s*\(\w+\.go:\d+:[^)]*\)`)
	ccOriginInner  = regexp.MustCompile(`\b\w+\.go:\d+:(\w+:)?\s*`)
	ccPosPrefix    = regexp.MustCompile(`^(.*?):(\d+):(\d+): ?(.*)$`)
)

// ccErrors rewrites an error of cc/v4 (one message per line) into an
// ErrorList of "file:line:col: message" errors without cc/v4's origins.
func ccErrors(err error) ErrorList {
	var out ErrorList
	for _, line := range strings.Split(err.Error(), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		line = ccOriginSuffix.ReplaceAllString(line, "")
		line = ccOriginInner.ReplaceAllString(line, "")
		e := &Error{Msg: line}
		if m := ccPosPrefix.FindStringSubmatch(line); m != nil {
			l, _ := strconv.Atoi(m[2])
			c, _ := strconv.Atoi(m[3])
			e.Pos = Pos{File: m[1], Line: l, Col: c}
			e.Msg = m[4]
		}
		out = append(out, e)
	}
	return out
}

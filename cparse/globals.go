package cparse

import (
	"strings"

	"modernc.org/cc/v4"
)

// global lowers a global variable with a constant initialiser.
func (l *lowerer) global(d *cc.Declarator, init *cc.Initializer, section string, p Pos) {
	t, err := l.tc.convType(d.Type(), p)
	if err != nil {
		l.error(err)
		return
	}
	if isIncomplete(t) {
		l.error(errorf(p, "variable %s has incomplete type %s", d.Name(), t))
		return
	}
	if d.IsExtern() && init == nil {
		l.error(errorf(p, "extern variable %s is not supported", d.Name()))
		return
	}
	g := &Global{Name: d.Name(), Pos: p, Section: section, Type: t, Const: d.IsConst(), Data: make([]byte, t.Size())}
	if init != nil {
		if err := l.constInit(init, g.Data); err != nil {
			l.error(err)
			return
		}
	}
	l.prog.Globals = append(l.prog.Globals, g)
	if section == "license" {
		s := string(g.Data)
		if i := strings.IndexByte(s, 0); i >= 0 {
			s = s[:i]
		}
		l.prog.License = s
	}
}

// constInit writes the constant initialiser init into data.
func (l *lowerer) constInit(init *cc.Initializer, data []byte) error {
	if init == nil {
		return nil
	}
	if init.Case == cc.InitializerInitList {
		for il := init.InitializerList; il != nil; il = il.InitializerList {
			if err := l.constInit(il.Initializer, data); err != nil {
				return err
			}
		}
		return nil
	}
	p := l.posOf(init)
	off := init.Offset()
	size := init.Type().Size()
	if off < 0 || size < 0 || off+size > int64(len(data)) {
		return errorf(p, "initialiser out of range")
	}
	if f := init.Field(); f != nil && f.IsBitfield() {
		return errorf(p, "bit-field initialisers of globals are not supported")
	}
	switch v := init.AssignmentExpression.Value().(type) {
	case cc.StringValue:
		copy(data[off:off+size], []byte(string(v)))
	case cc.Int64Value:
		putLE(data[off:off+size], uint64(v))
	case cc.UInt64Value:
		putLE(data[off:off+size], uint64(v))
	default:
		return errorf(p, "the initialiser of a global must be an integer or string constant")
	}
	return nil
}

func putLE(b []byte, v uint64) {
	for i := range b {
		b[i] = byte(v >> (8 * i))
	}
}

package interp

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"vep/internal/isa"
)

// tracePrintk: r1 format, r2 format size (including the NUL), r3-r5 up to
// three arguments. Supports the conversions the kernel's bpf_bprintf
// accepts: %d %i %u %x %X %c %s %p with an optional l or ll, flags "-+0 ",
// a field width and %%. Returns the length of the output, or -EINVAL for a
// format the kernel rejects.
func (r *run) tracePrintk() (value, *faultMsg) {
	fp, f := r.argPtr(isa.R1)
	if f != nil {
		return value{}, f
	}
	n, f := r.argSize(isa.R2, false)
	if f != nil {
		return value{}, f
	}
	format, f := r.readMem(fp, n, "format (r1)")
	if f != nil {
		return value{}, f
	}
	if format[n-1] != 0 {
		return errno(errEINVAL), nil
	}
	format = format[:bytes.IndexByte(format, 0)]
	out, ok, f := r.formatPrintk(string(format))
	if f != nil {
		return value{}, f
	}
	if !ok {
		return errno(errEINVAL), nil
	}
	r.res.Trace = append(r.res.Trace, out)
	return scalar(uint64(len(out))), nil
}

func (r *run) formatPrintk(format string) (string, bool, *faultMsg) {
	var b strings.Builder
	next := isa.R3
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("-+0 ", format[j]) >= 0 && j-i < 8 {
			j++
		}
		flags := format[i+1 : j]
		width := 0
		for j < len(format) && format[j] >= '0' && format[j] <= '9' {
			width = min(width*10+int(format[j]-'0'), printkMax)
			j++
		}
		spec := flags // flags and width, valid Go fmt syntax
		if width > 0 {
			spec += strconv.Itoa(width)
		}
		long := 0
		for j < len(format) && format[j] == 'l' && long < 2 {
			long++
			j++
		}
		if j >= len(format) {
			return "", false, nil
		}
		verb := format[j]
		i = j
		if next > isa.R5 {
			return "", false, nil // more than three arguments
		}
		arg := next
		next++
		switch verb {
		case 'd', 'i', 'u', 'x', 'X', 'c':
			v, f := r.argScalar(arg)
			if f != nil {
				return "", false, f
			}
			b.WriteString(formatInt(spec, verb, long, v))
		case 'p':
			v, f := r.read(arg)
			if f != nil {
				return "", false, f
			}
			addr := v.bits
			if v.k == kindPtr {
				addr = v.addr()
			}
			fmt.Fprintf(&b, "%"+spec+"x", addr)
		case 's':
			v, f := r.read(arg)
			if f != nil {
				return "", false, f
			}
			fmt.Fprintf(&b, "%"+spec+"s", r.cString(v))
		default:
			return "", false, nil
		}
	}
	out := b.String()
	if len(out) > printkMax {
		out = out[:printkMax]
	}
	return out, true, nil
}

// printkMax is the most output one bpf_trace_printk produces (the kernel
// formats into a 1024-byte buffer including the NUL).
const printkMax = 1023

// formatInt formats v as C's printf would with the given length modifier.
func formatInt(spec string, verb byte, long int, v uint64) string {
	if long == 0 && verb != 'c' {
		v = uint64(uint32(v))
	}
	switch verb {
	case 'd', 'i':
		s := int64(v)
		if long == 0 {
			s = int64(int32(v))
		}
		return fmt.Sprintf("%"+spec+"d", s)
	case 'u':
		return fmt.Sprintf("%"+spec+"d", v)
	case 'c':
		return fmt.Sprintf("%"+spec+"c", rune(byte(v)))
	}
	return fmt.Sprintf("%"+spec+string(verb), v)
}

// cString reads a NUL-terminated string for %s like the kernel's
// strncpy_from_kernel_nofault, or "(fault)" if it is unreadable.
func (r *run) cString(v value) string {
	const maxLen = 512 // MAX_BPRINTF_STR_LEN
	var s []byte
	for i := 0; i < maxLen; i++ {
		c, ok := r.kernelRead(pointerOrScalarAdd(v, int64(i)), 1)
		if !ok {
			if i == 0 {
				return "(fault)"
			}
			break
		}
		if c[0] == 0 {
			break
		}
		s = append(s, c[0])
	}
	return string(s)
}

func pointerOrScalarAdd(v value, d int64) value {
	if v.k == kindPtr {
		return v.withOff(v.off() + d)
	}
	v.bits += uint64(d)
	return v
}

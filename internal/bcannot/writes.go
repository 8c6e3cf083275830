package bcannot

import (
	"reflect"

	"vep/cparse"
)

// assigned returns the variables of fn that its body may assign or whose
// address it takes. It walks the IR generically, without descending into
// variables, types, functions or maps.
func assigned(fn *cparse.Function) map[*cparse.Var]bool {
	out := map[*cparse.Var]bool{}
	target := func(e cparse.Expr) {
		if r, ok := e.(*cparse.VarRef); ok {
			out[r.Var] = true
		}
	}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Pointer:
			if v.IsNil() {
				return
			}
			switch x := v.Interface().(type) {
			case *cparse.Var, *cparse.Function, *cparse.Map, cparse.Type, *cparse.Annotation:
				return
			case *cparse.Assign:
				target(x.LHS)
			case *cparse.AssignExpr:
				target(x.LHS)
			case *cparse.AddrOf:
				target(x.X)
			}
			walk(v.Elem())
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		}
	}
	if fn.Body != nil {
		walk(reflect.ValueOf(fn.Body))
	}
	return out
}

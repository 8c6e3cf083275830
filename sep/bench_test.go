package sep

import "testing"

const benchContract = `With l
    Require 0 < cap && chars(s, cap, l)
    Ensure  0 <= __return && __return < cap && chars(s, cap, l) &&
            (forall k, 0 <= k && k < __return => l[k] != 0)`

func BenchmarkParseAnnotation(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := ParseAnnotation(benchContract, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNormalize(b *testing.B) {
	f, err := ParseFormula("exists l m, n > 0 && chars(p, n, l) * chars(q, n, m) * (exists v, data_at(R, u64, v))", nil)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if _, err := Normalize(f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEvalForall(b *testing.B) {
	f, err := ParseFormula("forall i j, 0 <= i && i < j && j < len(l) => l[i] <= l[j]", nil)
	if err != nil {
		b.Fatal(err)
	}
	env := &Env{Vars: map[string]Value{"l": ListValue(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)}}
	for i := 0; i < b.N; i++ {
		if ok, err := EvalFormula(f, env); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

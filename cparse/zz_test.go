package cparse
import ("testing";"fmt";"time")
func TestZZ(t *testing.T) {
	for _, s := range []string{"struct a { struct a x; int y; }; struct a v;", "struct a { int y; struct a x[2]; };", "struct b; struct a { struct b x; }; struct b { struct a y; };", "union u { union u x; int y; };", "struct a { int q; union { struct a z; int w; }; };"} {
		done := make(chan bool)
		go func() { _, err := Parse("x.c", []byte(s)); fmt.Println(err); close(done) }()
		select { case <-done: case <-time.After(2*time.Second): fmt.Println("HANG", s) }
	}
}

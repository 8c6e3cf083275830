package bench

import (
	"slices"
	"time"
)

// median returns the median of xs, the mean of the two middle values when
// len(xs) is even, and 0 for no values. It does not modify xs.
func median[T time.Duration | uint64 | int](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	a, b := s[n/2-1], s[n/2]
	return a + (b-a)/2
}

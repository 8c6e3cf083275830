package bench

import (
	"slices"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{[]time.Duration{7}, 7},
		{[]time.Duration{3, 1, 2}, 2},
		{[]time.Duration{4, 1, 3, 2}, 2}, // (2+3)/2 rounded down
		{[]time.Duration{10, 20}, 15},
		{[]time.Duration{5, 5, 100, 5, 1}, 5},
	}
	for _, tt := range tests {
		in := slices.Clone(tt.in)
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", in, got, tt.want)
		}
		if !slices.Equal(in, tt.in) {
			t.Errorf("median modified its argument: %v, was %v", tt.in, in)
		}
	}
	if got := median([]uint64{1 << 63, 1<<63 + 2}); got != 1<<63+1 {
		t.Errorf("median of large values = %d, want %d", got, uint64(1<<63+1))
	}
}

func TestFormat(t *testing.T) {
	durations := []struct {
		d    time.Duration
		want string
	}{
		{0, "0ns"},
		{999, "999ns"},
		{1500, "1.5µs"},
		{250 * time.Microsecond, "250µs"},
		{12345 * time.Microsecond, "12.3ms"},
		{1500 * time.Millisecond, "1.5s"},
	}
	for _, tt := range durations {
		if got := formatDuration(tt.d); got != tt.want {
			t.Errorf("formatDuration(%d) = %q, want %q", tt.d, got, tt.want)
		}
	}
	sizes := []struct {
		n    uint64
		want string
	}{
		{0, "0B"},
		{1023, "1023B"},
		{1536, "1.5KiB"},
		{3 << 20, "3.0MiB"},
		{200 << 20, "200MiB"},
		{5 << 30, "5.0GiB"},
	}
	for _, tt := range sizes {
		if got := formatBytes(tt.n); got != tt.want {
			t.Errorf("formatBytes(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

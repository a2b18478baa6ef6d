// Package wire reads and writes protobuf at the wire level, with no
// schema: just enough to count and edit profile.proto files without any
// protobuf library or pprof code, so that it stays an independent check.
package wire

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
)

// Field is one top-level field as it appears in the file.
type Field struct {
	Num  uint64
	Type uint64 // 0 varint, 1 fixed64, 2 bytes, 5 fixed32
	Int  uint64 // the value of varint and fixed fields
	Data []byte // the payload of a bytes field
}

var ErrTruncated = errors.New("truncated protobuf")

// Varint decodes one varint from b.
func Varint(b []byte) (uint64, int, error) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			return v, i + 1, nil
		}
	}
	return 0, 0, ErrTruncated
}

// Parse splits a message into its fields, in file order.
func Parse(b []byte) ([]Field, error) {
	var out []Field
	for len(b) > 0 {
		key, n, err := Varint(b)
		if err != nil {
			return nil, err
		}
		b = b[n:]
		f := Field{Num: key >> 3, Type: key & 7}
		switch f.Type {
		case 0:
			f.Int, n, err = Varint(b)
			if err != nil {
				return nil, err
			}
			b = b[n:]
		case 1, 5:
			size := 8
			if f.Type == 5 {
				size = 4
			}
			if len(b) < size {
				return nil, ErrTruncated
			}
			for i := size - 1; i >= 0; i-- {
				f.Int = f.Int<<8 | uint64(b[i])
			}
			b = b[size:]
		case 2:
			l, n, err := Varint(b)
			if err != nil {
				return nil, err
			}
			b = b[n:]
			if uint64(len(b)) < l {
				return nil, ErrTruncated
			}
			f.Data, b = b[:l], b[l:]
		default:
			return nil, errors.New("unknown wire type")
		}
		out = append(out, f)
	}
	return out, nil
}

// AppendVarint appends v as a varint.
func AppendVarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// Encode writes fields back in order.
func Encode(fields []Field) []byte {
	var b []byte
	for _, f := range fields {
		b = AppendVarint(b, f.Num<<3|f.Type)
		switch f.Type {
		case 0:
			b = AppendVarint(b, f.Int)
		case 1, 5:
			size := 8
			if f.Type == 5 {
				size = 4
			}
			for i := 0; i < size; i++ {
				b = append(b, byte(f.Int>>(8*i)))
			}
		case 2:
			b = AppendVarint(b, uint64(len(f.Data)))
			b = append(b, f.Data...)
		}
	}
	return b
}

// Ints reads a repeated integer field that may be packed or not.
func Ints(f Field) ([]uint64, error) {
	if f.Type == 0 {
		return []uint64{f.Int}, nil
	}
	var out []uint64
	b := f.Data
	for len(b) > 0 {
		v, n, err := Varint(b)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		b = b[n:]
	}
	return out, nil
}

// IsGzip says whether b starts with the gzip magic.
func IsGzip(b []byte) bool {
	return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b
}

// Gunzip inflates b when it is gzip, or returns it as it is.
func Gunzip(b []byte) ([]byte, error) {
	if !IsGzip(b) {
		return b, nil
	}
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// Gzip compresses b the way the Go runtime writes profiles (BestSpeed).
func Gzip(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

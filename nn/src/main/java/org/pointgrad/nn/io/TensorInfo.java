package org.pointgrad.nn.io;

/**
 * One tensor's header entry in a safetensors file.
 *
 * @param name        the tensor's key in the header
 * @param storedDType the element type in the file
 * @param shape       the shape (C order)
 * @param begin       first data byte, relative to the byte after the header
 * @param end         one past the last data byte, relative to the byte after the header
 */
public record TensorInfo(String name, StoredDType storedDType, int[] shape, long begin, long end) {
    /** Copies the shape so the record cannot be changed from outside. */
    public TensorInfo {
        shape = shape.clone();
    }

    /** The tensor's shape (a copy). */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of data bytes. */
    public long byteLength() {
        return end - begin;
    }
}

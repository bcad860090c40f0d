package io.labelatlas.cluster.ward;

/**
 * A min-heap laid out exactly as CPython's {@code heapq} lays out its list ({@code heappush}, {@code heappushpop},
 * {@code _siftdown}, {@code _siftup}), because scikit-learn numbers flat clusters by position in that list.
 */
final class PythonHeap {

  private PythonHeap() {}

  /** {@code heapq.heappush}; returns the new size. */
  static int push(long[] heap, int size, long item) {
    heap[size] = item;
    siftDown(heap, 0, size);
    return size + 1;
  }

  /** {@code heapq.heappushpop}: push {@code item}, then pop and return the smallest. */
  static long pushPop(long[] heap, int size, long item) {
    if (size > 0 && heap[0] < item) {
      long smallest = heap[0];
      heap[0] = item;
      siftUp(heap, size, 0);
      return smallest;
    }
    return item;
  }

  private static void siftDown(long[] heap, int start, int pos) {
    long newItem = heap[pos];
    while (pos > start) {
      int parentPos = (pos - 1) >> 1;
      long parent = heap[parentPos];
      if (newItem < parent) {
        heap[pos] = parent;
        pos = parentPos;
        continue;
      }
      break;
    }
    heap[pos] = newItem;
  }

  private static void siftUp(long[] heap, int end, int pos) {
    int start = pos;
    long newItem = heap[pos];
    int child = 2 * pos + 1;
    while (child < end) {
      int right = child + 1;
      if (right < end && !(heap[child] < heap[right])) {
        child = right;
      }
      heap[pos] = heap[child];
      pos = child;
      child = 2 * pos + 1;
    }
    heap[pos] = newItem;
    siftDown(heap, start, pos);
  }
}

package io.labelatlas.cluster.ward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PythonHeapTest {

  @Test
  void layoutMatchesCpythonHeapq() {
    // h = []; for x in [5, 3, 8, 1, 9, 2]: heapq.heappush(h, x)  ->  [1, 3, 2, 5, 9, 8]
    long[] heap = new long[8];
    int size = 0;
    for (long x : new long[] {5, 3, 8, 1, 9, 2}) {
      size = PythonHeap.push(heap, size, x);
    }
    assertArrayEquals(new long[] {1, 3, 2, 5, 9, 8}, Arrays.copyOf(heap, size));
    // heapq.heappushpop(h, 4) -> 1, h == [2, 3, 4, 5, 9, 8]
    assertEquals(1, PythonHeap.pushPop(heap, size, 4));
    assertArrayEquals(new long[] {2, 3, 4, 5, 9, 8}, Arrays.copyOf(heap, size));
    // heapq.heappushpop(h, 0) -> 0 and h unchanged
    assertEquals(0, PythonHeap.pushPop(heap, size, 0));
    assertArrayEquals(new long[] {2, 3, 4, 5, 9, 8}, Arrays.copyOf(heap, size));
  }
}

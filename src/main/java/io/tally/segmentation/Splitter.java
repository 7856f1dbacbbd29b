package io.tally.segmentation;

import java.util.Arrays;

/**
 * Second pass: lays a text out into parts of a fixed capacity, greedily, front to back. The units
 * placed are atoms that may never be cut: one char, an escape sequence (2 septets) or a surrogate
 * pair (2 units). In grapheme-safe mode whole extended grapheme clusters are placed: a cluster
 * that does not fit in the current part starts the next one, and a cluster longer than a whole
 * part starts a fresh part and is cut between atoms.
 *
 * <p>
 * Optionally records where each part after the first starts, as an index into the fed text.
 */
final class Splitter extends CodeUnits.Sink {

    static final int UCS2 = -1;

    private final int lockingShift;
    private final int capacity;
    private final boolean graphemeSafe;
    private int[] starts;

    private int position;
    private char pendingHigh;
    private int graphemeState = Graphemes.START;
    private int closedParts;
    private int fill;
    // The cluster being read, and how its atoms would lay out from a fresh part.
    private int clusterStart;
    private int clusterUnits;
    private int clusterParts;
    private int clusterFill;
    private int[] clusterStarts;
    private int startCount;
    private int clusterStartCount;

    /**
     * @param lockingShift the locking shift table (0 = GSM default) whose chars cost one septet, the
     *        others two; or {@link #UCS2}
     * @param recordStarts whether to remember where parts start (for {@link #partStarts})
     */
    Splitter(int lockingShift, int capacity, boolean graphemeSafe, boolean recordStarts) {
        this.lockingShift = lockingShift;
        this.capacity = capacity;
        this.graphemeSafe = graphemeSafe;
        this.starts = recordStarts ? new int[16] : null;
        this.clusterStarts = recordStarts ? new int[16] : null;
    }

    @Override
    void accept(char c, int tables) {
        int codePoint = c;
        int units = 1;
        if (lockingShift == UCS2) {
            if (Character.isHighSurrogate(c)) {
                pendingHigh = c;
                return;
            }
            if (Character.isLowSurrogate(c)) {
                codePoint = Character.toCodePoint(pendingHigh, c);
                units = 2;
            }
        } else if ((tables & (1 << lockingShift)) == 0) {
            units = 2;
        }
        int atomStart = position;
        position += Character.charCount(codePoint);
        if (graphemeSafe) {
            graphemeState = Graphemes.next(graphemeState, codePoint);
        }
        if (!graphemeSafe || graphemeState < 0) {
            placeCluster();
            clusterStart = atomStart;
        }
        addAtom(units, atomStart);
    }

    /** Parts used, once the whole text was fed. */
    int parts() {
        placeCluster();
        return closedParts + 1;
    }

    /** Units still free in the last part, once the whole text was fed. */
    int remaining() {
        placeCluster();
        return capacity - fill;
    }

    /** Where parts 2, 3, ... start in the fed text. */
    int[] partStarts() {
        placeCluster();
        return Arrays.copyOf(starts, startCount);
    }

    private void addAtom(int units, int atomStart) {
        if (clusterUnits == 0) {
            clusterParts = 0;
            clusterFill = units;
            clusterStartCount = 0;
        } else if (clusterFill + units > capacity) {
            clusterParts++;
            clusterFill = units;
            if (clusterStarts != null) {
                clusterStarts = grow(clusterStarts, clusterStartCount);
                clusterStarts[clusterStartCount++] = atomStart;
            }
        } else {
            clusterFill += units;
        }
        clusterUnits += units;
    }

    private void placeCluster() {
        if (clusterUnits == 0) {
            return;
        }
        if (fill + clusterUnits <= capacity) {
            fill += clusterUnits;
        } else if (clusterUnits <= capacity) {
            startPart(clusterStart);
            fill = clusterUnits;
        } else {
            if (fill > 0) {
                startPart(clusterStart);
            }
            for (int i = 0; i < clusterParts; i++) {
                startPart(clusterStarts == null ? 0 : clusterStarts[i]);
            }
            fill = clusterFill;
        }
        clusterUnits = 0;
    }

    private void startPart(int start) {
        closedParts++;
        if (starts != null) {
            starts = grow(starts, startCount);
            starts[startCount++] = start;
        }
    }

    private static int[] grow(int[] array, int used) {
        return used < array.length ? array : Arrays.copyOf(array, array.length * 2);
    }
}

/** braid logs on Apache Spark: the same analysis, partitioned over a Spark cluster. */
@NullMarked
package braid.logs.spark;

import org.jspecify.annotations.NullMarked;

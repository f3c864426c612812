/** Yesterday's web-server logs: access and error logs analysed as GoAccess does. */
module braid.logs {
    requires static org.jspecify;
    exports braid.logs;
    uses braid.logs.DistributedAnalysis;
}

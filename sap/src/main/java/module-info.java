/** The client list from SAP: an OData V2 client for the business partner API. */
module braid.sap {
    requires transitive braid.core;
    requires braid.http;
    requires transitive java.net.http;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires static org.jspecify;
    exports braid.sap;
}

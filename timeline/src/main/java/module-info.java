/** Records a run's events and renders them: run.json, the timeline page, the text plan. */
module braid.timeline {
    requires transitive braid.core;
    requires com.fasterxml.jackson.databind;
    requires static org.jspecify;
    exports braid.timeline;
}

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CamCompare</name>
    <message>
        <source>Cannot read the pseudo mask %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the image %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CorrectionBatchExport</name>
    <message>
        <source>No folder was chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is where the project keeps its corrections; choose another folder, so that they are not overwritten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project has no saved corrections yet (%1 is empty).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No temporary folder could be made for the export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the PNG copy failed (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %1 of %n corrected mask(s) to %2 as PNG, GeoJSON (QuPath) and ASAP XML.</source>
        <translation>
            <numerusform>Exported %1 of %n corrected mask to %2 as PNG, GeoJSON (QuPath) and ASAP XML.</numerusform>
            <numerusform>Exported %1 of %n corrected masks to %2 as PNG, GeoJSON (QuPath) and ASAP XML.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) per slide, in its level-0 coordinates, are in slides/.</source>
        <translation>
            <numerusform>%n file per slide, in its level-0 coordinates, is in slides/.</numerusform>
            <numerusform>%n files per slide, in their level-0 coordinates, are in slides/.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed:</source>
        <translation>
            <numerusform>%n failed:</numerusform>
            <numerusform>%n failed:</numerusform>
        </translation>
    </message>
    <message>
        <source>Export all corrections to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export all corrections</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatasetFit</name>
    <message>
        <source>%1 has %2 images with masks to derive labels from, fewer than one batch of %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 labelled training patches, fewer than one batch of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lower the batch to %1 (override stage1.batch=%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lower the batch size to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>derive labels from masks for %1 (%2 images with masks)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run the whole pipeline with labels derived from the masks of val or test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To start: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, or </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatasetProblemText</name>
    <message>
        <source>Choose the dataset folder again with “Change…”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dataset folder %1 does not exist (moved, renamed or on a drive that is not connected). %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ARML Studio does not recognise %1 as a dataset. It expects a folder holding train/ with patches named by their labels, like “patch-[1 0 0 1].png” (LUAD-HistoSeg, BCSS-WSSS), training/ (WSSS4LUAD), or labels.csv beside the patches; val/ and test/ hold img/ and mask/. If the patches are one level deeper, choose that folder. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The labels file %1 is missing or cannot be opened. Put labels.csv (a header “file,&lt;class&gt;,…” and one row per patch) in the dataset folder, or choose another dataset folder with “Change…”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first line of %1 must name the columns: file, then one column per tissue class. Correct the file and reopen the project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is missing or holds no image/mask pairs. Add the img/ and mask/ folders of the split, or choose another dataset folder with “Change…”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ARML Studio could not read the dataset in %1: %2. Check the folder, or choose another one with “Change…”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no reason was given</source>
        <translation></translation>
    </message>
</context>
<context>
    <name>DatasetSummary</name>
    <message>
        <source>CSV labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`arml inspect-data` printed no dataset report (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Background / exclude</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeviceChoices</name>
    <message>
        <source>automatic (GPU when available)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU %1: %2, %3 GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA GPU (none found)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HeatMap</name>
    <message>
        <source>Jet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inferno</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viridis</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InitialWeightsCatalogue</name>
    <message>
        <source>ResNet-38 ImageNet weights (stage 1, classifier)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ILSVRC model A1 of the reference repository itijyou/ademxapp on GitHub (its README links the ILSVRC models; the MXNet file, about 437 MB).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ResNeSt-101 ImageNet weights (stage 2, segmenter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ResNeSt-101 ImageNet weights that segmentation_models_pytorch 0.3 downloads for the timm-resnest101e encoder (published with zhanghang1989/ResNeSt and timm on GitHub).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InitialWeightsWarning</name>
    <message>
        <source>No ImageNet weights imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This job would train from scratch: the paper preset starts from ImageNet weights, and this project has not imported them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missing: %1.

Trained from scratch on real data (e.g. WSSS4LUAD), the results stay far below the paper&apos;s. Import the weights first, or train from scratch anyway (fine for a trial).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import weights…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train from scratch anyway</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InteractiveEngine</name>
    <message>
        <source>The in-process engine (%1) was not found next to the program, in ../lib/arml-studio/ or in the build folder; set ARML_INTERACTIVE_PLUGIN to its path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not an ARML engine plugin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: interface version %2, this program needs %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The in-process engine could not be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobSettings</name>
    <message>
        <source>Choose the dataset folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dataset folder %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dataset folder %1 has no train/ folder of labelled patches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dataset folder has no %1/ split to evaluate on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the output folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The output %1 is a file, not a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume needs the folder of an earlier run; %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the model checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model checkpoint %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the pseudo-mask folder to train on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pseudo-mask folder %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers must be a comma-separated list of bn7, b5_2 and b4_5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs must be at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The batch size must be at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The learning rate cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads must be 0 (all cores) or more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The device must be auto, cpu or cuda.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage 2 needs a batch of at least 2 images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The patch size must be at least 32 pixels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The override &quot;%1&quot; is not key.path=value, e.g. stage1.batch=4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processes must be at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels can be derived from the masks of val or test only.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PipelineProgress</name>
    <message>
        <source>stage 1 (classifier)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CAM evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pseudo masks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stage 2 (segmenter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 of %2: %3 — %4%</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Project</name>
    <message>
        <source>%1 already holds a project; open it instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a project folder (no project.json).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not valid JSON: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was written by a newer ARML Studio (format %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is &apos;%3&apos;, which is not a folder inside the project (a relative path without &apos;..&apos; is required).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <source>test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>best val</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>val</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 mIoU</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SlideRegionExport</name>
    <message>
        <source>%1: cannot write: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no slide is open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open a project first: patches go to its review queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: smaller than one %2-px patch at this resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot create the folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the region holds no whole %1-px patch at this resolution; draw it larger</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TissueClass</name>
    <message>
        <source>Tumour epithelium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tumour-associated stroma</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tumour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stroma</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lymphocyte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lymphocytic infiltrate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Necrosis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Background / exclude</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::AboutDialog</name>
    <message>
        <source>About ARML Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`arml info` failed (exit code %1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>asking the engine…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;ARML Studio %1&lt;/h3&gt;&lt;p&gt;Weakly supervised tissue segmentation of H&amp;amp;E histology with Activation Relocalization and Mutual Learning (ARML, MICCAI 2024).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Desktop:&lt;/b&gt; Qt %2, QCustomPlot %3, OpenSlide %4 (build)&lt;/p&gt;&lt;p&gt;&lt;b&gt;Engine:&lt;/b&gt;&lt;br&gt;%5&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::CamCompareController</name>
    <message>
        <source>Open a patch on the Review page to compare its CAMs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>computing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not computed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a stage-1 checkpoint above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no ARS weights (amm.*): choose the stage-1 training checkpoint (checkpoints/last.pt) to see relocalized CAMs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CAM (plain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CAM (relocalized)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Baseline CAM (no ARS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pseudo mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage-2 prediction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No generated mask for this patch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pseudo mask (your correction)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::CamComparePage</name>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classifier (ARS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage-1 training checkpoint with ARS weights (runs/…/stage1/checkpoints/last.pt): plain and relocalized CAMs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Baseline (no ARS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A classifier trained with --ars off: its plain CAM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segmenter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage-2 checkpoint: its prediction as a class mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rescan runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>computing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth *.params);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  (loose file in %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::ChildProcess</name>
    <message>
        <source>Could not start %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::CurrentRun</name>
    <message>
        <source>There is no run %1 in %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1 is %2, not finished: its models are not final yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1 has no model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 belongs to no run of this project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run: none finished yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run: %1 · stage 1: %2 · stage 2: %3 · masks: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (newest finished)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage 1 with ARS weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage 1 comes from run %1, whose masks this run trained on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chosen by you (Runs page › Use this run).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The newest finished run; choose another on the Runs page.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::DatasetInspector</name>
    <message>
        <source>The dataset reader stopped unexpectedly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the dataset reader gave no answer (exit code %1). %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::DemoProjectMaker</name>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`arml make-demo-data` failed (exit code %1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo project</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::InitialWeightsDialog</name>
    <message>
        <source>ImageNet initial weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The &lt;b&gt;paper&lt;/b&gt; preset starts both networks from ImageNet weights, as the reference does. Trained from scratch on a real dataset such as WSSS4LUAD, the results stay far below the paper&apos;s. Download the two files below once, then import them here: they are checked and copied into this project&apos;s weights folder, and training jobs of the project start from them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File: &lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloaded file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight files (*.params *.pth *.pt *.tar);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 from the download page (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No SHA-256 is published for this file; paste one you trust, or leave it empty. The published MD5 is checked in any case.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first digits of the SHA-256 carried by the published file name; paste the full sum if you have it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected SHA-256:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open or create a project to import the weights into it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported into this project: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not imported yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the downloaded file first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The expected SHA-256 should be 8 to 64 hexadecimal digits (0-9, a-f).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing the file&apos;s checksum…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 of the file: &lt;tt&gt;%1&lt;/tt&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not have the expected SHA-256 (&lt;tt&gt;%2&lt;/tt&gt;): it is damaged or another file. Download it again. Nothing was imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not have the MD5 its repository publishes for %2 (&lt;tt&gt;%3&lt;/tt&gt;; this file: &lt;tt&gt;%4&lt;/tt&gt;): it is damaged or another file. Download it again. Nothing was imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The weights were not imported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the import stopped unexpectedly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported: the file gave %1 of the network&apos;s weight tensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing from the file, starting from random values: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing in the file was left unused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in the file but with no place in the network, left out (e.g. the ImageNet classifier): %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::MainWindow</name>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo &amp;History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+H</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the user guide %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not empty: it holds %2. A project adds project.json and the folders runs, masks and edits to it. Use this folder anyway? (An empty or new folder keeps a project apart from other files.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ARML Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slides</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About ARML Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — ARML Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project %1 open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No project open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project: choose or create an empty folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project: choose the dataset folder (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open project folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A job is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A job is still running. Stop it (it saves a checkpoint you can resume), or let it finish? If it finishes, ARML Studio closes its window and quits when the job ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let it finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Demo Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the demo project: %1 of %2 files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo project could not be created: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n patch(es) sent to review</source>
        <translation>
            <numerusform>%n patch sent to review</numerusform>
            <numerusform>%n patches sent to review</numerusform>
        </translation>
    </message>
    <message>
        <source>The demo project is ready in %1: File › Open Demo Project opens it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo project is still being created; it opens when it is ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;ImageNet Weights for Real Data…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::MaskEditSession</name>
    <message>
        <source>&apos;%1&apos; is not a plain file name; nothing is written for it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the edits folder %1 is not inside the project %2; nothing is written there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 would be written outside the edits folder %2 (a link or a name leading out of it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no mask is open</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::ProjectPage</name>
    <message>
        <source>&lt;h2&gt;No project open&lt;/h2&gt;&lt;p&gt;A project keeps a dataset, your training runs, generated pseudo masks and corrected masks together in one folder.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can also start a job on the Training page without a project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tissue classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hotkey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dataset chosen yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the dataset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training patches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Val masks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test masks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a colour to change it; names and hotkeys can be edited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample training patches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a dataset folder to see its layout, classes and patches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (with background masks)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layout: &lt;b&gt;%1&lt;/b&gt; · %2 tissue classes + background (index %3)&lt;br&gt;Training: %4 &amp;nbsp;·&amp;nbsp; validation: %5 &amp;nbsp;·&amp;nbsp; test: %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 labelled patches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 image/mask pairs</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n problem(s):&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;%n problem:&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;%n problems:&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message>
        <source>(unreadable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ImageNet weights…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The initial weights the paper preset needs for real data: where to get them, and their import</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::ReviewPage</name>
    <message>
        <source>Show overlay (O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo the last correction (Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brush (B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eraser (E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polygon (P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket (G)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relabel (R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick (I)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare CAMs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Journal: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved corrections (journalled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Recovered %n unsaved change(s) from the journal</source>
        <translation>
            <numerusform>Recovered %n unsaved change from the journal</numerusform>
            <numerusform>Recovered %n unsaved changes from the journal</numerusform>
        </translation>
    </message>
    <message>
        <source>Editing the saved correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No generated mask: starting from the background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GeoJSON for QuPath (*.geojson);;ASAP XML (*.xml);;Palette PNG (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotations (*.geojson *.json *.xml *.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the mask size differs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No patch is open: nothing to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: this patch belongs to %1, not to the open project %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editing the saved correction, made from the masks in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export all corrections…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every saved correction of the project as PNG, GeoJSON and ASAP XML into a folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::ReviewQueueController</name>
    <message>
        <source>Accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next patch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous patch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys: A accept · X reject · Q flag · T note
N / PgDn next · Shift+N / PgUp previous · Ctrl+S save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept, reject and flag move on to the next patch. Saving a correction marks the patch corrected. States are saved in review.json at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing scores… %p%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scores computed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing scores failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing scores was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the hotkey %1 of %2 is the queue&apos;s %3 key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — the queue is read-only until the file is fixed; nothing is written over it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change on the Project page: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is the last patch of the queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is the first patch of the queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No stage-1 or stage-2 checkpoint in %1 yet: train first, then compute the scores.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing review scores…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scores file has no such score; compute the scores again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scores yet: use Compute scores… (needs a stage-1 and a stage-2 checkpoint).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This patch could not be opened, so it cannot be accepted; reject or flag it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviewing the masks of %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::ReviewQueueModel</name>
    <message>
        <source>unreviewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>corrected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not a scores file (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut from a slide: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No generated mask: starts from the background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrected mask saved in edits/</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relocalization change: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peer disagreement: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1. Fix or remove the file, then reopen the project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No score for this patch (listed last)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much relocalization changed the patch&apos;s CAM, largest first; patches without a score last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much the two stage-2 peers disagree on the patch, largest first; patches without a score last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reloc. ↓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disagr. ↓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — still running</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::ReviewSummaryDialog</name>
    <message>
        <source>What reviewers changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The generated masks the corrections are compared with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated masks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Pixels changed per class&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taken from it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Given to it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Generated (rows) → corrected (columns)&lt;/b&gt;, pixels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No generated masks to compare with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot summarize: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrected patches compared: %1 (%2 unchanged). Pixels changed: %3 of %4 (%5 %).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped, without a generated mask in this folder: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::RunController</name>
    <message>
        <source>The job did not stop in time; killing it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the event log %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop requested: the job saves a checkpoint and exits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>artifact %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The job crashed (killed by a signal).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The job rejected its input (exit code 2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The job failed (exit code %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its last lines of output:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::RunsPage</name>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mIoU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a run to see its settings and metrics; select two (Ctrl+click) to compare their curves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No runs yet. Jobs started on the Training page are recorded here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open run folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a project to see its runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1 (%2, %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (problem)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Final metrics:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the first two selected runs are compared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch (mean loss of each epoch)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test mIoU where the run has one, else the best validation mIoU of its epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of this run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1 (%2, %3): %4 %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings (%1):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use this run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the selected finished run the project&apos;s current run: its models and masks are used on every page (Compare CAMs, review scores, Slides, training stage 2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (current)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the project&apos;s runs again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the selected run&apos;s folder in the file manager</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all cores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatic: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute &amp;device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute &amp;threads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Projects folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;atasets folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`arml` &amp;program:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language applies the next time ARML Studio starts.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find an action or a key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Menu</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::SlideInferenceDialog</name>
    <message>
        <source>Run inference on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a stage-2 checkpoint (.pt) or an smp PSPNet .pth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage-2 checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output pyramid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class-mask pyramid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pyramidal TIFF (*.tiff *.tif)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pyramid level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>µm per pixel (the model&apos;s training resolution)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downsample from level 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> µm/px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downsample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This slide&apos;s file does not state its resolution. Give its level-0 µm per pixel to choose the working resolution in µm/px.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slide&apos;s level-0 resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tile size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a stage-2 checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no such file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where to write the class-mask pyramid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the output must be a .tif or .tiff file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not state its µm per pixel: choose a pyramid level, or give the slide&apos;s own resolution.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::SlidePage</name>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open slide…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open overlay…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A class-mask pyramid (.tif) written by slide inference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop a slide (.svs, .tif, .ndpi, .mrxs, …) here or open one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run inference on this slide…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segment the whole slide with a stage-2 model (an arml predict job); the result opens as the overlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segment the visible region now with the stage-2 model, at the model&apos;s resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CAM of this view (C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class activation map of the visible region with the stage-1 classifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag a rectangle on the slide: it is cut into training-size patches that are added to the project&apos;s review queue (Esc cancels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No slide open. Open one with “Open slide…” or drop it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show overlay (O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Associated images (double-click to view)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open this slide: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No slide open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part of this slide could not be read (the file may be truncated or damaged): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open this overlay: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing %1 piece(s)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CAM of the view: %1 piece(s) in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prediction of the view: %1 piece(s) in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed after %1 of %2 piece(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot compute the layer for this view: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped after %1 of %2 piece(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models and resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segmenter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage-2 checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stage-2 checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage-1 checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stage-1 checkpoint (CAMs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>µm/px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model&apos;s training resolution: the live layers and review patches are read at it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Side of the review patches at the working resolution (the training size)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rectangle (drag)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polygon (click corners, double-click to close)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CAM class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CAM colours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a project first: regions go to its review queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open slide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole-slide images (*.svs *.tif *.tiff *.ndpi *.vms *.vmu *.scn *.mrxs *.svslide *.bif);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open class-mask overlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class-mask pyramids (*.tif *.tiff);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 — %2 × %3 px, %n level(s)</source>
        <translation>
            <numerusform>%1 — %2 × %3 px, %n level</numerusform>
            <numerusform>%1 — %2 × %3 px, %n levels</numerusform>
        </translation>
    </message>
    <message>
        <source>, %1 µm/px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, no resolution metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2 × %3 px with no smaller overview level: it can be viewed down to 1:%4 only and has no minimap. A pyramidal copy (for example: vips tiffsave IN OUT.tif --tile --pyramid) can be seen whole.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2 tiles · %3 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slide inference finished in %1; its class mask is the overlay: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slide inference of %1 finished: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slide inference stopped. Running it again with the same settings continues where it stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slide inference failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the segmenter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the classifier…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 piece(s) done…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>class %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a project first: regions go to its review queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cutting the region into patches…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot send the region to the review queue: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n patch(es) sent to the review queue (%1 with a predicted mask, %2 new): %3</source>
        <translation>
            <numerusform>%n patch sent to the review queue (%1 with a predicted mask, %2 new): %3</numerusform>
            <numerusform>%n patches sent to the review queue (%1 with a predicted mask, %2 new): %3</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot read the associated image “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predict this view (V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send region to review (S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loose file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>current run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run %1 (the current run&apos;s stage 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run %1 (not the current run)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segmenter: %1 · classifier: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::SlideToolbar</name>
    <message>
        <source>Open slide…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open overlay…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A class-mask pyramid (.tif) written by slide inference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run inference on this slide…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segment the whole slide with a stage-2 model (an arml predict job)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag to move, wheel to zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send region to review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag a rectangle on the slide: it is cut into training-size patches for the review queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predict this view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segment the visible region with the stage-2 model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CAM of this view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class activation map of the visible region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit the slide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show overlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::TrainingPage</name>
    <message>
        <source>Whole pipeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage 1: train the classifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pseudo masks (Grad-CAM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage 2: train the segmenter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paper (reference settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cpu-demo (small and fast)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dataset root with train/, val/, test/</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checkpoint of a stage-1 or stage-2 run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>folder of pseudo-mask PNGs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pseudo-mask folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth *.params);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ResNet38d (full, 105 M parameters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ResNet38d lite (width / 8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reference (as the published code)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>intended (as the paper describes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grad-CAM layers, comma-separated: bn7, b5_2, b4_5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>val</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all cores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Job:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Output:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mas&amp;ks:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ARS mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the job (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop: the job saves a checkpoint and exits (Ctrl+.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the command line to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No job running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plot exported to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not export the plot to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG drawing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV table…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The job&apos;s messages appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatic: masks/&lt;new run&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatic: runs/&lt;new run&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>folder for checkpoints and results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Cannot start:&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>$ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the run record: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · epoch %2/%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · step %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 images/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · loss %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch %1 (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · ETA %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped. Resume continues from the last checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resuming %1 from %2 at epoch %3, step %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use reviewed masks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrected masks (edits/) where they exist, rejected patches left out: --edits &lt;project&gt;/edits --review &lt;project&gt;/review.json. The run records which mask set it used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training patches are resized to this square size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patch size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · this step&apos;s ETA %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worker processes: one per GPU, or several CPU processes (--nproc). The live plots show the first process&apos;s stream.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synchronise BatchNorm over the processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BatchNorm normalises with the statistics of the whole batch, exchanged between the processes (SyncBN, --sync-batch-norm): as one process would train, but slower. Off, each process uses its own share of the batch, as PyTorch&apos;s DDP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no: the train/ labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the val masks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the test masks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For data without image-level labels: train on a split that has pixel masks, its labels derived from them (--derive-labels-from-masks)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. stage1.batch=4 stage2.epochs=3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any setting of the run&apos;s config.json, as key.path=value separated by spaces (--set); an entry with spaces in double quotes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Derive labels:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>O&amp;verrides:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the curves as a PNG image, an SVG drawing or a CSV table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue the last stopped run from its checkpoint (Ctrl+Shift+R)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::ui::ViewPredictor</name>
    <message>
        <source>no slide is open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>choose a stage-2 checkpoint first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>choose a stage-1 checkpoint first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the view shows no part of the slide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the view is %1 × %2 px at the model&apos;s resolution (%3); zoom in to at most %4 megapixels or run inference on the whole slide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>level %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the inference engine is not available</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::widgets::CamCompareView</name>
    <message>
        <source>Show overlay (O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class whose activation map is shown (keys 1–9)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Global</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overlay opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · p(%2) = %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a patch to compare its CAMs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◀ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 − %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both panels need a map of this image to compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no map for this class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>class %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>−1 (%1 higher)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+1 (%1 higher)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Global: one range over all classes of a panel; per class: each class on its own (L)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::widgets::LossPlot</name>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss (smoothed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::widgets::MaskCanvas</name>
    <message>
        <source>Erase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brush</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bucket fill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relabel region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polygon fill</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::widgets::MaskUndoHistory</name>
    <message>
        <source>Mask as opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::widgets::ReviewQueueView</name>
    <message>
        <source>File order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By relocalization change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By peer disagreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute scores…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs `arml review-scores`: how much relocalization changed each patch&apos;s CAM and how much the two stage-2 peers disagree on it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note on this patch (T), Enter keeps it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What reviewers changed…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train stage 2 on reviewed masks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prepares a stage-2 job on the Training page that trains on the corrected masks where they exist and leaves out rejected patches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scores yet: use Compute scores…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2 reviewed, %3 corrected, %4 rejected, %5 flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no generated masks yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A pseudo-mask job or a pipeline writes the masks reviewed here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The generated masks under review; corrections and states belong to the patch and stay whichever set is shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>choose the masks to review</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::widgets::ScaleBar</name>
    <message>
        <source>no resolution metadata — scale unknown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>arml::widgets::SlideView</name>
    <message>
        <source>No slide open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>class %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the slide…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>level %1 · %2 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1×</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

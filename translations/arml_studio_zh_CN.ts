<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CamCompare</name>
    <message>
        <source>Cannot read the pseudo mask %1: %2</source>
        <translation>无法读取伪掩膜 %1：%2</translation>
    </message>
    <message>
        <source>Cannot read the image %1: %2</source>
        <translation>无法读取图像 %1：%2</translation>
    </message>
</context>
<context>
    <name>CorrectionBatchExport</name>
    <message>
        <source>No folder was chosen.</source>
        <translation>未选择文件夹。</translation>
    </message>
    <message>
        <source>%1 is where the project keeps its corrections; choose another folder, so that they are not overwritten.</source>
        <translation>%1 是项目保存修正的位置；请选择另一个文件夹，以免覆盖这些修正。</translation>
    </message>
    <message>
        <source>The project has no saved corrections yet (%1 is empty).</source>
        <translation>项目中还没有已保存的修正（%1 为空）。</translation>
    </message>
    <message>
        <source>%1 cannot be created.</source>
        <translation>无法创建 %1。</translation>
    </message>
    <message>
        <source>No temporary folder could be made for the export.</source>
        <translation>无法为导出创建临时文件夹。</translation>
    </message>
    <message>
        <source>%1: the PNG copy failed (%2)</source>
        <translation>%1：复制 PNG 失败（%2）</translation>
    </message>
    <message numerus="yes">
        <source>Exported %1 of %n corrected mask(s) to %2 as PNG, GeoJSON (QuPath) and ASAP XML.</source>
        <translation>
            <numerusform>已将 %n 个修正掩膜中的 %1 个以 PNG、GeoJSON（QuPath）和 ASAP XML 格式导出到 %2。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) per slide, in its level-0 coordinates, are in slides/.</source>
        <translation>
            <numerusform>按切片汇总的 %n 个文件（使用切片第 0 层坐标）位于 slides/ 中。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed:</source>
        <translation>
            <numerusform>%n 个失败：</numerusform>
        </translation>
    </message>
    <message>
        <source>Export all corrections to</source>
        <translation>将所有修正导出到</translation>
    </message>
    <message>
        <source>Export all corrections</source>
        <translation>导出所有修正</translation>
    </message>
</context>
<context>
    <name>DatasetFit</name>
    <message>
        <source>%1 has %2 images with masks to derive labels from, fewer than one batch of %3.</source>
        <translation>%1 只有 %2 张带掩膜的图像可用于推导标签，不足一个批次（%3）。</translation>
    </message>
    <message>
        <source>%1 labelled training patches, fewer than one batch of %2.</source>
        <translation>%1 个带标签的训练图块，不足一个批次（%2）。</translation>
    </message>
    <message>
        <source>lower the batch to %1 (override stage1.batch=%1)</source>
        <translation>将批大小降到 %1（覆盖设置 stage1.batch=%1）</translation>
    </message>
    <message>
        <source>lower the batch size to %1</source>
        <translation>将批大小降到 %1</translation>
    </message>
    <message>
        <source>derive labels from masks for %1 (%2 images with masks)</source>
        <translation>从 %1 的掩膜推导标签（%2 张带掩膜的图像）</translation>
    </message>
    <message>
        <source>run the whole pipeline with labels derived from the masks of val or test</source>
        <translation>运行完整流程，并从 val 或 test 的掩膜推导标签</translation>
    </message>
    <message>
        <source>To start: %1.</source>
        <translation>若要开始：%1。</translation>
    </message>
    <message>
        <source>, or </source>
        <translation>，或</translation>
    </message>
</context>
<context>
    <name>DatasetProblemText</name>
    <message>
        <source>Choose the dataset folder again with “Change…”.</source>
        <translation>请用“更改…”重新选择数据集文件夹。</translation>
    </message>
    <message>
        <source>The dataset folder %1 does not exist (moved, renamed or on a drive that is not connected). %2</source>
        <translation>数据集文件夹 %1 不存在（已移动、已重命名，或位于未连接的驱动器上）。%2</translation>
    </message>
    <message>
        <source>ARML Studio does not recognise %1 as a dataset. It expects a folder holding train/ with patches named by their labels, like “patch-[1 0 0 1].png” (LUAD-HistoSeg, BCSS-WSSS), training/ (WSSS4LUAD), or labels.csv beside the patches; val/ and test/ hold img/ and mask/. If the patches are one level deeper, choose that folder. %2</source>
        <translation>ARML Studio 无法将 %1 识别为数据集。数据集文件夹应包含：以标签命名图块的 train/（如“patch-[1 0 0 1].png”，LUAD-HistoSeg、BCSS-WSSS）、training/（WSSS4LUAD），或与图块并列的 labels.csv；val/ 和 test/ 中包含 img/ 与 mask/。如果图块位于更深一层，请选择那个文件夹。%2</translation>
    </message>
    <message>
        <source>The labels file %1 is missing or cannot be opened. Put labels.csv (a header “file,&lt;class&gt;,…” and one row per patch) in the dataset folder, or choose another dataset folder with “Change…”.</source>
        <translation>标签文件 %1 缺失或无法打开。请将 labels.csv（表头为“file,&lt;类别&gt;,…”，每个图块一行）放入数据集文件夹，或用“更改…”选择另一个数据集文件夹。</translation>
    </message>
    <message>
        <source>The first line of %1 must name the columns: file, then one column per tissue class. Correct the file and reopen the project.</source>
        <translation>%1 的第一行必须给出列名：先是 file，然后每个组织类别一列。请修正该文件后重新打开项目。</translation>
    </message>
    <message>
        <source>%1 is missing or holds no image/mask pairs. Add the img/ and mask/ folders of the split, or choose another dataset folder with “Change…”.</source>
        <translation>%1 缺失或不含图像/掩膜对。请添加该划分的 img/ 和 mask/ 文件夹，或用“更改…”选择另一个数据集文件夹。</translation>
    </message>
    <message>
        <source>ARML Studio could not read the dataset in %1: %2. Check the folder, or choose another one with “Change…”.</source>
        <translation>ARML Studio 无法读取 %1 中的数据集：%2。请检查该文件夹，或用“更改…”选择另一个。</translation>
    </message>
    <message>
        <source>no reason was given</source>
        <translation>未给出原因</translation>
    </message>
</context>
<context>
    <name>DatasetSummary</name>
    <message>
        <source>CSV labels</source>
        <translation>CSV 标签</translation>
    </message>
    <message>
        <source>`arml inspect-data` printed no dataset report (%1).</source>
        <translation>`arml inspect-data` 未输出数据集报告（%1）。</translation>
    </message>
    <message>
        <source>Class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>Background / exclude</source>
        <translation>背景 / 排除</translation>
    </message>
</context>
<context>
    <name>DeviceChoices</name>
    <message>
        <source>automatic (GPU when available)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU %1: %2, %3 GiB</source>
        <translation>GPU %1：%2，%3 GiB</translation>
    </message>
    <message>
        <source>CUDA GPU (none found)</source>
        <translation>CUDA GPU（未找到）</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
</context>
<context>
    <name>HeatMap</name>
    <message>
        <source>Jet</source>
        <translation>Jet</translation>
    </message>
    <message>
        <source>Inferno</source>
        <translation>Inferno</translation>
    </message>
    <message>
        <source>Viridis</source>
        <translation>Viridis</translation>
    </message>
</context>
<context>
    <name>InitialWeightsCatalogue</name>
    <message>
        <source>ResNet-38 ImageNet weights (stage 1, classifier)</source>
        <translation>ResNet-38 ImageNet 权重（阶段 1，分类器）</translation>
    </message>
    <message>
        <source>The ILSVRC model A1 of the reference repository itijyou/ademxapp on GitHub (its README links the ILSVRC models; the MXNet file, about 437 MB).</source>
        <translation>GitHub 上参考仓库 itijyou/ademxapp 的 ILSVRC 模型 A1（其 README 链接了 ILSVRC 模型；MXNet 文件，约 437 MB）。</translation>
    </message>
    <message>
        <source>ResNeSt-101 ImageNet weights (stage 2, segmenter)</source>
        <translation>ResNeSt-101 ImageNet 权重（阶段 2，分割网络）</translation>
    </message>
    <message>
        <source>The ResNeSt-101 ImageNet weights that segmentation_models_pytorch 0.3 downloads for the timm-resnest101e encoder (published with zhanghang1989/ResNeSt and timm on GitHub).</source>
        <translation>segmentation_models_pytorch 0.3 为 timm-resnest101e 编码器下载的 ResNeSt-101 ImageNet 权重（随 GitHub 上的 zhanghang1989/ResNeSt 和 timm 发布）。</translation>
    </message>
</context>
<context>
    <name>InitialWeightsWarning</name>
    <message>
        <source>No ImageNet weights imported</source>
        <translation>未导入 ImageNet 权重</translation>
    </message>
    <message>
        <source>This job would train from scratch: the paper preset starts from ImageNet weights, and this project has not imported them.</source>
        <translation>此作业将从零开始训练：paper 预设从 ImageNet 权重开始，而本项目尚未导入这些权重。</translation>
    </message>
    <message>
        <source>Missing: %1.

Trained from scratch on real data (e.g. WSSS4LUAD), the results stay far below the paper&apos;s. Import the weights first, or train from scratch anyway (fine for a trial).</source>
        <translation>缺少：%1。

在真实数据（如 WSSS4LUAD）上从零训练，结果会远低于论文的结果。请先导入权重，或仍从零开始训练（适合试验）。</translation>
    </message>
    <message>
        <source>Import weights…</source>
        <translation>导入权重…</translation>
    </message>
    <message>
        <source>Train from scratch anyway</source>
        <translation>仍从零开始训练</translation>
    </message>
</context>
<context>
    <name>InteractiveEngine</name>
    <message>
        <source>The in-process engine (%1) was not found next to the program, in ../lib/arml-studio/ or in the build folder; set ARML_INTERACTIVE_PLUGIN to its path.</source>
        <translation>在程序所在目录、../lib/arml-studio/ 或构建文件夹中均未找到进程内推理引擎（%1）；请将 ARML_INTERACTIVE_PLUGIN 设置为其路径。</translation>
    </message>
    <message>
        <source>%1: not an ARML engine plugin</source>
        <translation>%1：不是 ARML 引擎插件</translation>
    </message>
    <message>
        <source>%1: interface version %2, this program needs %3</source>
        <translation>%1：接口版本为 %2，本程序需要 %3</translation>
    </message>
    <message>
        <source>The in-process engine could not be loaded: %1</source>
        <translation>无法加载进程内推理引擎：%1</translation>
    </message>
</context>
<context>
    <name>JobSettings</name>
    <message>
        <source>Choose the dataset folder.</source>
        <translation>请选择数据集文件夹。</translation>
    </message>
    <message>
        <source>The dataset folder %1 does not exist.</source>
        <translation>数据集文件夹 %1 不存在。</translation>
    </message>
    <message>
        <source>The dataset folder %1 has no train/ folder of labelled patches.</source>
        <translation>数据集文件夹 %1 中没有带标签图块的 train/ 文件夹。</translation>
    </message>
    <message>
        <source>The dataset folder has no %1/ split to evaluate on.</source>
        <translation>数据集文件夹中没有可供评估的 %1/ 划分。</translation>
    </message>
    <message>
        <source>Choose the output folder.</source>
        <translation>请选择输出文件夹。</translation>
    </message>
    <message>
        <source>The output %1 is a file, not a folder.</source>
        <translation>输出 %1 是一个文件，而不是文件夹。</translation>
    </message>
    <message>
        <source>Resume needs the folder of an earlier run; %1 does not exist.</source>
        <translation>继续运行需要先前运行的文件夹；%1 不存在。</translation>
    </message>
    <message>
        <source>Choose the model checkpoint.</source>
        <translation>请选择模型检查点。</translation>
    </message>
    <message>
        <source>The model checkpoint %1 does not exist.</source>
        <translation>模型检查点 %1 不存在。</translation>
    </message>
    <message>
        <source>Choose the pseudo-mask folder to train on.</source>
        <translation>请选择用于训练的伪掩膜文件夹。</translation>
    </message>
    <message>
        <source>The pseudo-mask folder %1 does not exist.</source>
        <translation>伪掩膜文件夹 %1 不存在。</translation>
    </message>
    <message>
        <source>Layers must be a comma-separated list of bn7, b5_2 and b4_5.</source>
        <translation>层必须是由 bn7、b5_2 和 b4_5 组成的逗号分隔列表。</translation>
    </message>
    <message>
        <source>Epochs must be at least 1.</source>
        <translation>训练轮数至少为 1。</translation>
    </message>
    <message>
        <source>The batch size must be at least 1.</source>
        <translation>批大小至少为 1。</translation>
    </message>
    <message>
        <source>The learning rate cannot be negative.</source>
        <translation>学习率不能为负数。</translation>
    </message>
    <message>
        <source>Threads must be 0 (all cores) or more.</source>
        <translation>线程数必须为 0（全部核心）或更多。</translation>
    </message>
    <message>
        <source>The device must be auto, cpu or cuda.</source>
        <translation>设备必须是 auto、cpu 或 cuda。</translation>
    </message>
    <message>
        <source>Stage 2 needs a batch of at least 2 images.</source>
        <translation>第二阶段要求批大小至少为 2 张图像。</translation>
    </message>
    <message>
        <source>The patch size must be at least 32 pixels.</source>
        <translation>图块尺寸必须至少为 32 像素。</translation>
    </message>
    <message>
        <source>The override &quot;%1&quot; is not key.path=value, e.g. stage1.batch=4.</source>
        <translation>覆盖设置“%1”不是 key.path=value 的形式，例如 stage1.batch=4。</translation>
    </message>
    <message>
        <source>Processes must be at least 1.</source>
        <translation>进程数至少为 1。</translation>
    </message>
    <message>
        <source>Labels can be derived from the masks of val or test only.</source>
        <translation>只能从 val 或 test 的掩膜推导标签。</translation>
    </message>
</context>
<context>
    <name>PipelineProgress</name>
    <message>
        <source>stage 1 (classifier)</source>
        <translation>第一阶段（分类器）</translation>
    </message>
    <message>
        <source>CAM evaluation</source>
        <translation>CAM 评估</translation>
    </message>
    <message>
        <source>pseudo masks</source>
        <translation>伪掩膜</translation>
    </message>
    <message>
        <source>stage 2 (segmenter)</source>
        <translation>第二阶段（分割器）</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3 — %4%</source>
        <translation>第 %1 步，共 %2 步：%3 — %4%</translation>
    </message>
</context>
<context>
    <name>Project</name>
    <message>
        <source>%1 already holds a project; open it instead.</source>
        <translation>%1 中已有项目，请直接打开它。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>%1 is not a project folder (no project.json).</source>
        <translation>%1 不是项目文件夹（没有 project.json）。</translation>
    </message>
    <message>
        <source>%1 is not valid JSON: %2</source>
        <translation>%1 不是有效的 JSON：%2</translation>
    </message>
    <message>
        <source>%1 was written by a newer ARML Studio (format %2).</source>
        <translation>%1 由更新版本的 ARML Studio 写入（格式 %2）。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is &apos;%3&apos;, which is not a folder inside the project (a relative path without &apos;..&apos; is required).</source>
        <translation>%1：&quot;%2&quot; 为 &apos;%3&apos;，不是项目内的文件夹（需要不含 &apos;..&apos; 的相对路径）。</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>best val</source>
        <translation>最佳验证</translation>
    </message>
    <message>
        <source>val</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>%1 mIoU</source>
        <translation>%1 mIoU</translation>
    </message>
</context>
<context>
    <name>SlideRegionExport</name>
    <message>
        <source>%1: cannot write: %2</source>
        <translation>%1：无法写入：%2</translation>
    </message>
    <message>
        <source>no slide is open</source>
        <translation>未打开切片</translation>
    </message>
    <message>
        <source>open a project first: patches go to its review queue</source>
        <translation>请先打开项目：图块将加入该项目的审阅队列</translation>
    </message>
    <message>
        <source>%1: smaller than one %2-px patch at this resolution</source>
        <translation>%1：在此分辨率下小于一个 %2 px 的图块</translation>
    </message>
    <message>
        <source>%1: cannot create the folder</source>
        <translation>%1：无法创建文件夹</translation>
    </message>
    <message>
        <source>the region holds no whole %1-px patch at this resolution; draw it larger</source>
        <translation>在此分辨率下该区域容纳不下一个完整的 %1 px 图块；请画得大一些</translation>
    </message>
</context>
<context>
    <name>TissueClass</name>
    <message>
        <source>Tumour epithelium</source>
        <translation>肿瘤上皮</translation>
    </message>
    <message>
        <source>Tumour-associated stroma</source>
        <translation>肿瘤相关间质</translation>
    </message>
    <message>
        <source>Tumour</source>
        <translation>肿瘤</translation>
    </message>
    <message>
        <source>Stroma</source>
        <translation>间质</translation>
    </message>
    <message>
        <source>Lymphocyte</source>
        <translation>淋巴细胞</translation>
    </message>
    <message>
        <source>Lymphocytic infiltrate</source>
        <translation>淋巴细胞浸润</translation>
    </message>
    <message>
        <source>Necrosis</source>
        <translation>坏死</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Background / exclude</source>
        <translation>背景 / 排除</translation>
    </message>
</context>
<context>
    <name>arml::ui::AboutDialog</name>
    <message>
        <source>About ARML Studio</source>
        <translation>关于 ARML Studio</translation>
    </message>
    <message>
        <source>`arml info` failed (exit code %1): %2</source>
        <translation>`arml info` 执行失败（退出码 %1）：%2</translation>
    </message>
    <message>
        <source>asking the engine…</source>
        <translation>正在查询计算引擎…</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ARML Studio %1&lt;/h3&gt;&lt;p&gt;Weakly supervised tissue segmentation of H&amp;amp;E histology with Activation Relocalization and Mutual Learning (ARML, MICCAI 2024).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Desktop:&lt;/b&gt; Qt %2, QCustomPlot %3, OpenSlide %4 (build)&lt;/p&gt;&lt;p&gt;&lt;b&gt;Engine:&lt;/b&gt;&lt;br&gt;%5&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ARML Studio %1&lt;/h3&gt;&lt;p&gt;基于激活重定位与互学习（ARML，MICCAI 2024）的 H&amp;amp;E 组织病理图像弱监督组织分割。&lt;/p&gt;&lt;p&gt;&lt;b&gt;桌面端：&lt;/b&gt;Qt %2，QCustomPlot %3，OpenSlide %4（编译时）&lt;/p&gt;&lt;p&gt;&lt;b&gt;计算引擎：&lt;/b&gt;&lt;br&gt;%5&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>arml::ui::CamCompareController</name>
    <message>
        <source>Open a patch on the Review page to compare its CAMs.</source>
        <translation>在“审阅”页面打开一个图块以比较其类激活图（CAM）。</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>计算中…</translation>
    </message>
    <message>
        <source>not computed</source>
        <translation>未计算</translation>
    </message>
    <message>
        <source>Choose a stage-1 checkpoint above.</source>
        <translation>请在上方选择第一阶段检查点。</translation>
    </message>
    <message>
        <source>%1 has no ARS weights (amm.*): choose the stage-1 training checkpoint (checkpoints/last.pt) to see relocalized CAMs.</source>
        <translation>%1 不含 ARS 权重（amm.*）：请选择第一阶段训练检查点（checkpoints/last.pt）以查看重定位后的 CAM。</translation>
    </message>
    <message>
        <source>CAM (plain)</source>
        <translation>CAM（原始）</translation>
    </message>
    <message>
        <source>CAM (relocalized)</source>
        <translation>CAM（重定位后）</translation>
    </message>
    <message>
        <source>Baseline CAM (no ARS)</source>
        <translation>基线 CAM（无 ARS）</translation>
    </message>
    <message>
        <source>Pseudo mask</source>
        <translation>伪掩膜</translation>
    </message>
    <message>
        <source>Stage-2 prediction</source>
        <translation>第二阶段预测</translation>
    </message>
    <message>
        <source>No generated mask for this patch.</source>
        <translation>此图块没有生成的掩膜。</translation>
    </message>
    <message>
        <source>Pseudo mask (your correction)</source>
        <translation>伪掩膜（您的修正）</translation>
    </message>
</context>
<context>
    <name>arml::ui::CamComparePage</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Classifier (ARS)</source>
        <translation>分类模型（ARS）</translation>
    </message>
    <message>
        <source>Stage-1 training checkpoint with ARS weights (runs/…/stage1/checkpoints/last.pt): plain and relocalized CAMs</source>
        <translation>含 ARS 权重的第一阶段训练检查点（runs/…/stage1/checkpoints/last.pt）：原始 CAM 与重定位后的 CAM</translation>
    </message>
    <message>
        <source>Baseline (no ARS)</source>
        <translation>基线（无 ARS）</translation>
    </message>
    <message>
        <source>A classifier trained with --ars off: its plain CAM</source>
        <translation>以 --ars off 训练的分类模型：其原始 CAM</translation>
    </message>
    <message>
        <source>Segmenter</source>
        <translation>分割模型</translation>
    </message>
    <message>
        <source>Stage-2 checkpoint: its prediction as a class mask</source>
        <translation>第二阶段检查点：其预测结果以类别掩膜显示</translation>
    </message>
    <message>
        <source>Rescan runs</source>
        <translation>重新扫描运行记录</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>计算中…</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Choose a checkpoint</source>
        <translation>选择检查点</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth *.params);;All files (*)</source>
        <translation>检查点 (*.pt *.pth *.params);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1  (loose file in %2)</source>
        <translation>%1  （%2 中的独立文件）</translation>
    </message>
</context>
<context>
    <name>arml::ui::ChildProcess</name>
    <message>
        <source>Could not start %1: %2</source>
        <translation>无法启动 %1：%2</translation>
    </message>
</context>
<context>
    <name>arml::ui::CurrentRun</name>
    <message>
        <source>There is no run %1 in %2.</source>
        <translation>%2 中没有运行 %1。</translation>
    </message>
    <message>
        <source>Run %1 is %2, not finished: its models are not final yet.</source>
        <translation>运行 %1 的状态为 %2，尚未完成：其模型还不是最终版本。</translation>
    </message>
    <message>
        <source>Run %1 has no model.</source>
        <translation>运行 %1 没有模型。</translation>
    </message>
    <message>
        <source>%1 belongs to no run of this project.</source>
        <translation>%1 不属于本项目的任何运行。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Run: none finished yet</source>
        <translation>运行：尚无已完成的运行</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Run: %1 · stage 1: %2 · stage 2: %3 · masks: %4</source>
        <translation>运行：%1 · 第一阶段：%2 · 第二阶段：%3 · 掩膜：%4</translation>
    </message>
    <message>
        <source> (newest finished)</source>
        <translation>（最新完成）</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Stage 1</source>
        <translation>第一阶段</translation>
    </message>
    <message>
        <source>Stage 1 with ARS weights</source>
        <translation>含 ARS 权重的第一阶段</translation>
    </message>
    <message>
        <source>Stage 2</source>
        <translation>第二阶段</translation>
    </message>
    <message>
        <source>Masks</source>
        <translation>掩膜</translation>
    </message>
    <message>
        <source>Stage 1 comes from run %1, whose masks this run trained on.</source>
        <translation>第一阶段来自运行 %1，本运行使用其掩膜训练。</translation>
    </message>
    <message>
        <source>Chosen by you (Runs page › Use this run).</source>
        <translation>由您选择（运行页面 › 使用此运行）。</translation>
    </message>
    <message>
        <source>The newest finished run; choose another on the Runs page.</source>
        <translation>最新完成的运行；可在运行页面选择其他运行。</translation>
    </message>
</context>
<context>
    <name>arml::ui::DatasetInspector</name>
    <message>
        <source>The dataset reader stopped unexpectedly.</source>
        <translation>数据集读取程序意外停止。</translation>
    </message>
    <message>
        <source>the dataset reader gave no answer (exit code %1). %2</source>
        <translation>数据集读取程序没有返回结果（退出码 %1）。%2</translation>
    </message>
</context>
<context>
    <name>arml::ui::DemoProjectMaker</name>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>`arml make-demo-data` failed (exit code %1): %2</source>
        <translation>`arml make-demo-data` 失败（退出码 %1）：%2</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Demo project</source>
        <translation>演示项目</translation>
    </message>
</context>
<context>
    <name>arml::ui::InitialWeightsDialog</name>
    <message>
        <source>ImageNet initial weights</source>
        <translation>ImageNet 初始权重</translation>
    </message>
    <message>
        <source>The &lt;b&gt;paper&lt;/b&gt; preset starts both networks from ImageNet weights, as the reference does. Trained from scratch on a real dataset such as WSSS4LUAD, the results stay far below the paper&apos;s. Download the two files below once, then import them here: they are checked and copied into this project&apos;s weights folder, and training jobs of the project start from them.</source>
        <translation>&lt;b&gt;paper&lt;/b&gt; 预设与参考实现一样，两个网络都从 ImageNet 权重开始。在 WSSS4LUAD 等真实数据集上从零训练，结果会远低于论文的结果。请下载下面两个文件一次，然后在此导入：文件会被校验并复制到本项目的 weights 文件夹，项目的训练作业将从它们开始。</translation>
    </message>
    <message>
        <source>The import could not start: %1</source>
        <translation>无法开始导入：%1</translation>
    </message>
    <message>
        <source>File: &lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</source>
        <translation>文件：&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</translation>
    </message>
    <message>
        <source>Downloaded file</source>
        <translation>已下载的文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose %1</source>
        <translation>选择 %1</translation>
    </message>
    <message>
        <source>Weight files (*.params *.pth *.pt *.tar);;All files (*)</source>
        <translation>权重文件 (*.params *.pth *.pt *.tar);;所有文件 (*)</translation>
    </message>
    <message>
        <source>SHA-256 from the download page (optional)</source>
        <translation>下载页面上的 SHA-256（可选）</translation>
    </message>
    <message>
        <source>No SHA-256 is published for this file; paste one you trust, or leave it empty. The published MD5 is checked in any case.</source>
        <translation>此文件没有公布的 SHA-256；可粘贴您信任的校验和，或留空。无论如何都会检查公布的 MD5。</translation>
    </message>
    <message>
        <source>The first digits of the SHA-256 carried by the published file name; paste the full sum if you have it.</source>
        <translation>公布的文件名中所含的 SHA-256 前几位；如有完整校验和，请粘贴完整值。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Expected SHA-256:</source>
        <translation>预期 SHA-256：</translation>
    </message>
    <message>
        <source>Open or create a project to import the weights into it.</source>
        <translation>请打开或创建一个项目，以便将权重导入其中。</translation>
    </message>
    <message>
        <source>Imported into this project: %1</source>
        <translation>已导入本项目：%1</translation>
    </message>
    <message>
        <source>Not imported yet.</source>
        <translation>尚未导入。</translation>
    </message>
    <message>
        <source>Choose the downloaded file first.</source>
        <translation>请先选择已下载的文件。</translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation>%1 不是文件。</translation>
    </message>
    <message>
        <source>The expected SHA-256 should be 8 to 64 hexadecimal digits (0-9, a-f).</source>
        <translation>预期 SHA-256 应为 8 到 64 位十六进制数字（0-9、a-f）。</translation>
    </message>
    <message>
        <source>Computing the file&apos;s checksum…</source>
        <translation>正在计算文件的校验和…</translation>
    </message>
    <message>
        <source>%1 could not be read.</source>
        <translation>无法读取 %1。</translation>
    </message>
    <message>
        <source>SHA-256 of the file: &lt;tt&gt;%1&lt;/tt&gt;</source>
        <translation>文件的 SHA-256：&lt;tt&gt;%1&lt;/tt&gt;</translation>
    </message>
    <message>
        <source>%1 does not have the expected SHA-256 (&lt;tt&gt;%2&lt;/tt&gt;): it is damaged or another file. Download it again. Nothing was imported.</source>
        <translation>%1 的 SHA-256 与预期（&lt;tt&gt;%2&lt;/tt&gt;）不符：文件已损坏或不是该文件。请重新下载。未导入任何内容。</translation>
    </message>
    <message>
        <source>%1 does not have the MD5 its repository publishes for %2 (&lt;tt&gt;%3&lt;/tt&gt;; this file: &lt;tt&gt;%4&lt;/tt&gt;): it is damaged or another file. Download it again. Nothing was imported.</source>
        <translation>%1 的 MD5 与其仓库为 %2 公布的值（&lt;tt&gt;%3&lt;/tt&gt;；此文件：&lt;tt&gt;%4&lt;/tt&gt;）不符：文件已损坏或不是该文件。请重新下载。未导入任何内容。</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>The weights were not imported: %1</source>
        <translation>权重未导入：%1</translation>
    </message>
    <message>
        <source>the import stopped unexpectedly</source>
        <translation>导入意外停止</translation>
    </message>
    <message>
        <source>Imported: the file gave %1 of the network&apos;s weight tensors</source>
        <translation>已导入：文件提供了网络的 %1 个权重张量</translation>
    </message>
    <message>
        <source>none is missing</source>
        <translation>没有缺失</translation>
    </message>
    <message>
        <source>missing from the file, starting from random values: %1</source>
        <translation>文件中缺失、从随机值开始：%1</translation>
    </message>
    <message>
        <source>nothing in the file was left unused.</source>
        <translation>文件中的内容全部被使用。</translation>
    </message>
    <message>
        <source>in the file but with no place in the network, left out (e.g. the ImageNet classifier): %1.</source>
        <translation>文件中有但网络中没有对应位置而被略去（如 ImageNet 分类器）：%1。</translation>
    </message>
</context>
<context>
    <name>arml::ui::MainWindow</name>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Undo History</source>
        <translation>撤销历史</translation>
    </message>
    <message>
        <source>Undo &amp;History</source>
        <translation>撤销历史(&amp;H)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+H</source>
        <translation>Ctrl+Shift+H</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <source>Could not open the user guide %1.</source>
        <translation>无法打开用户指南 %1。</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1（Ctrl+%2）</translation>
    </message>
    <message>
        <source>%1 is not empty: it holds %2. A project adds project.json and the folders runs, masks and edits to it. Use this folder anyway? (An empty or new folder keeps a project apart from other files.)</source>
        <translation>%1 不是空文件夹：其中有 %2。项目会在其中添加 project.json 以及 runs、masks 和 edits 文件夹。仍要使用此文件夹吗？（空文件夹或新文件夹可使项目与其他文件分开。）</translation>
    </message>
    <message>
        <source>ARML Studio</source>
        <translation>ARML Studio</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审阅</translation>
    </message>
    <message>
        <source>Slides</source>
        <translation>全切片</translation>
    </message>
    <message>
        <source>Job %1</source>
        <translation>任务%1</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Close Project</source>
        <translation>关闭项目(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Start Job</source>
        <translation>开始任务(&amp;S)</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>S&amp;top Job</source>
        <translation>停止任务(&amp;T)</translation>
    </message>
    <message>
        <source>Ctrl+.</source>
        <translation>Ctrl+.</translation>
    </message>
    <message>
        <source>&amp;Resume Job</source>
        <translation>继续任务(&amp;R)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About ARML Studio</source>
        <translation>关于 ARML Studio(&amp;A)</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>%1 — ARML Studio</source>
        <translation>%1 — ARML Studio</translation>
    </message>
    <message>
        <source>Project %1 open</source>
        <translation>已打开项目 %1</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>未打开项目</translation>
    </message>
    <message>
        <source>New project: choose or create an empty folder</source>
        <translation>新建项目：选择或创建一个空文件夹</translation>
    </message>
    <message>
        <source>New project: choose the dataset folder (optional)</source>
        <translation>新建项目：选择数据集文件夹（可选）</translation>
    </message>
    <message>
        <source>Open project folder</source>
        <translation>打开项目文件夹</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>数据集文件夹</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>A job is running</source>
        <translation>有任务正在运行</translation>
    </message>
    <message>
        <source>A job is still running. Stop it (it saves a checkpoint you can resume), or let it finish? If it finishes, ARML Studio closes its window and quits when the job ends.</source>
        <translation>仍有任务正在运行。要停止它（会保存可继续的检查点），还是让它运行完成？若选择运行完成，ARML Studio 将关闭窗口，并在任务结束后退出。</translation>
    </message>
    <message>
        <source>Stop the job</source>
        <translation>停止任务</translation>
    </message>
    <message>
        <source>Let it finish</source>
        <translation>让它运行完成</translation>
    </message>
    <message>
        <source>Open &amp;Demo Project</source>
        <translation>打开演示项目(&amp;D)</translation>
    </message>
    <message>
        <source>Creating the demo project: %1 of %2 files…</source>
        <translation>正在创建演示项目：第 %1 / %2 个文件…</translation>
    </message>
    <message>
        <source>The demo project could not be created: %1</source>
        <translation>无法创建演示项目：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n patch(es) sent to review</source>
        <translation>
            <numerusform>已将 %n 个图块送审</numerusform>
        </translation>
    </message>
    <message>
        <source>The demo project is ready in %1: File › Open Demo Project opens it.</source>
        <translation>演示项目已在 %1 准备好：通过 文件 › 打开演示项目 打开。</translation>
    </message>
    <message>
        <source>The demo project is still being created; it opens when it is ready.</source>
        <translation>演示项目仍在创建中；完成后会自动打开。</translation>
    </message>
    <message>
        <source>&amp;ImageNet Weights for Real Data…</source>
        <translation>真实数据的 &amp;ImageNet 权重…</translation>
    </message>
</context>
<context>
    <name>arml::ui::MaskEditSession</name>
    <message>
        <source>&apos;%1&apos; is not a plain file name; nothing is written for it</source>
        <translation>&apos;%1&apos; 不是普通文件名；不会为其写入任何文件</translation>
    </message>
    <message>
        <source>the edits folder %1 is not inside the project %2; nothing is written there</source>
        <translation>修正文件夹 %1 不在项目 %2 内；不会在那里写入任何文件</translation>
    </message>
    <message>
        <source>%1 would be written outside the edits folder %2 (a link or a name leading out of it)</source>
        <translation>%1 将被写到修正文件夹 %2 之外（链接或指向外部的名称）</translation>
    </message>
    <message>
        <source>no mask is open</source>
        <translation>没有打开的掩膜</translation>
    </message>
</context>
<context>
    <name>arml::ui::ProjectPage</name>
    <message>
        <source>&lt;h2&gt;No project open&lt;/h2&gt;&lt;p&gt;A project keeps a dataset, your training runs, generated pseudo masks and corrected masks together in one folder.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;未打开项目&lt;/h2&gt;&lt;p&gt;项目将数据集、训练运行、生成的伪掩膜和修正后的掩膜统一保存在一个文件夹中。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <source>You can also start a job on the Training page without a project.</source>
        <translation>也可以不建项目，直接在“训练”页面启动任务。</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <source>Tissue classes</source>
        <translation>组织类别</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>索引</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Hotkey</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>文件夹：%1</translation>
    </message>
    <message>
        <source>No dataset chosen yet.</source>
        <translation>尚未选择数据集。</translation>
    </message>
    <message>
        <source>Reading the dataset…</source>
        <translation>正在读取数据集…</translation>
    </message>
    <message>
        <source>Training patches</source>
        <translation>训练图块</translation>
    </message>
    <message>
        <source>Val masks</source>
        <translation>验证集掩膜</translation>
    </message>
    <message>
        <source>Test masks</source>
        <translation>测试集掩膜</translation>
    </message>
    <message>
        <source>Double-click a colour to change it; names and hotkeys can be edited.</source>
        <translation>双击颜色可更改；名称和快捷键均可编辑。</translation>
    </message>
    <message>
        <source>Sample training patches</source>
        <translation>训练图块示例</translation>
    </message>
    <message>
        <source>Choose a dataset folder to see its layout, classes and patches.</source>
        <translation>选择数据集文件夹以查看其目录结构、类别和图块。</translation>
    </message>
    <message>
        <source>Colour of %1</source>
        <translation>%1 的颜色</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source> (with background masks)</source>
        <translation>（含背景掩膜）</translation>
    </message>
    <message>
        <source>Layout: &lt;b&gt;%1&lt;/b&gt; · %2 tissue classes + background (index %3)&lt;br&gt;Training: %4 &amp;nbsp;·&amp;nbsp; validation: %5 &amp;nbsp;·&amp;nbsp; test: %6</source>
        <translation>结构：&lt;b&gt;%1&lt;/b&gt; · %2 个组织类别 + 背景（索引 %3）&lt;br&gt;训练集：%4 &amp;nbsp;·&amp;nbsp; 验证集：%5 &amp;nbsp;·&amp;nbsp; 测试集：%6</translation>
    </message>
    <message>
        <source>%1 labelled patches</source>
        <translation>%1 个带标签图块</translation>
    </message>
    <message>
        <source>%1 image/mask pairs</source>
        <translation>%1 对图像/掩膜</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n problem(s):&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;%n 个问题：&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… 以及另外 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>(unreadable)</source>
        <translation>（无法读取）</translation>
    </message>
    <message>
        <source>no class</source>
        <translation>无类别</translation>
    </message>
    <message>
        <source>ImageNet weights…</source>
        <translation>ImageNet 权重…</translation>
    </message>
    <message>
        <source>The initial weights the paper preset needs for real data: where to get them, and their import</source>
        <translation>paper 预设在真实数据上所需的初始权重：获取位置及导入</translation>
    </message>
</context>
<context>
    <name>arml::ui::ReviewPage</name>
    <message>
        <source>Show overlay (O)</source>
        <translation>显示叠加层 (O)</translation>
    </message>
    <message>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation>重做（Ctrl+Shift+Z）</translation>
    </message>
    <message>
        <source>Undo the last correction (Ctrl+Z)</source>
        <translation>撤销上一次修正（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Brush (B)</source>
        <translation>画笔 (B)</translation>
    </message>
    <message>
        <source>Eraser (E)</source>
        <translation>橡皮擦 (E)</translation>
    </message>
    <message>
        <source>Polygon (P)</source>
        <translation>多边形 (P)</translation>
    </message>
    <message>
        <source>Bucket (G)</source>
        <translation>油漆桶 (G)</translation>
    </message>
    <message>
        <source>Relabel (R)</source>
        <translation>重新标注 (R)</translation>
    </message>
    <message>
        <source>Pick (I)</source>
        <translation>取色 (I)</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Only over</source>
        <translation>仅覆盖</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>掩膜</translation>
    </message>
    <message>
        <source>Compare CAMs</source>
        <translation>比较 CAM</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Save correction</source>
        <translation>保存修正</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Journal: %1</source>
        <translation>编辑日志：%1</translation>
    </message>
    <message>
        <source>Unsaved corrections (journalled)</source>
        <translation>有未保存的修正（已记入日志）</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>any class</source>
        <translation>任意类别</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Recovered %n unsaved change(s) from the journal</source>
        <translation>
            <numerusform>已从编辑日志恢复 %n 处未保存的更改</numerusform>
        </translation>
    </message>
    <message>
        <source>Editing the saved correction</source>
        <translation>正在编辑已保存的修正</translation>
    </message>
    <message>
        <source>No generated mask: starting from the background</source>
        <translation>没有生成的掩膜：从背景开始</translation>
    </message>
    <message>
        <source>Generated mask</source>
        <translation>生成的掩膜</translation>
    </message>
    <message>
        <source>Save failed: %1</source>
        <translation>保存失败：%1</translation>
    </message>
    <message>
        <source>Export mask</source>
        <translation>导出掩膜</translation>
    </message>
    <message>
        <source>GeoJSON for QuPath (*.geojson);;ASAP XML (*.xml);;Palette PNG (*.png)</source>
        <translation>QuPath GeoJSON (*.geojson);;ASAP XML (*.xml);;调色板 PNG (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Import mask</source>
        <translation>导入掩膜</translation>
    </message>
    <message>
        <source>Annotations (*.geojson *.json *.xml *.png)</source>
        <translation>标注 (*.geojson *.json *.xml *.png)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <source>the mask size differs</source>
        <translation>掩膜尺寸不一致</translation>
    </message>
    <message>
        <source>No patch is open: nothing to save.</source>
        <translation>没有打开的图块：无可保存内容。</translation>
    </message>
    <message>
        <source>Not saved: this patch belongs to %1, not to the open project %2.</source>
        <translation>未保存：此图块属于 %1，而不是当前打开的项目 %2。</translation>
    </message>
    <message>
        <source>Editing the saved correction, made from the masks in %1</source>
        <translation>正在编辑已保存的修正（基于 %1 中的掩膜制作）</translation>
    </message>
    <message>
        <source>Export all corrections…</source>
        <translation>导出所有修正…</translation>
    </message>
    <message>
        <source>Every saved correction of the project as PNG, GeoJSON and ASAP XML into a folder</source>
        <translation>将项目中所有已保存的修正以 PNG、GeoJSON 和 ASAP XML 格式导出到一个文件夹</translation>
    </message>
</context>
<context>
    <name>arml::ui::ReviewQueueController</name>
    <message>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Next patch</source>
        <translation>下一个图块</translation>
    </message>
    <message>
        <source>Previous patch</source>
        <translation>上一个图块</translation>
    </message>
    <message>
        <source>Edit note</source>
        <translation>编辑备注</translation>
    </message>
    <message>
        <source>Save correction</source>
        <translation>保存修正</translation>
    </message>
    <message>
        <source>Keys: A accept · X reject · Q flag · T note
N / PgDn next · Shift+N / PgUp previous · Ctrl+S save</source>
        <translation>按键：A 接受 · X 拒绝 · Q 标记 · T 备注
N / PgDn 下一个 · Shift+N / PgUp 上一个 · Ctrl+S 保存</translation>
    </message>
    <message>
        <source>Accept, reject and flag move on to the next patch. Saving a correction marks the patch corrected. States are saved in review.json at once.</source>
        <translation>接受、拒绝和标记后会跳到下一个图块。保存修正会将该图块标为“已修正”。状态会立即保存到 review.json。</translation>
    </message>
    <message>
        <source>Computing scores… %p%</source>
        <translation>正在计算评分… %p%</translation>
    </message>
    <message>
        <source>Scores computed.</source>
        <translation>评分已计算完成。</translation>
    </message>
    <message>
        <source>Computing scores failed: %1</source>
        <translation>计算评分失败：%1</translation>
    </message>
    <message>
        <source>Computing scores was stopped.</source>
        <translation>评分计算已停止。</translation>
    </message>
    <message>
        <source>the hotkey %1 of %2 is the queue&apos;s %3 key</source>
        <translation>%2 的快捷键 %1 与审阅队列的“%3”键冲突</translation>
    </message>
    <message>
        <source>%1 — the queue is read-only until the file is fixed; nothing is written over it.</source>
        <translation>%1 — 在修复该文件之前，审阅队列为只读；不会覆盖该文件。</translation>
    </message>
    <message>
        <source>Change on the Project page: %1.</source>
        <translation>请在“项目”页面中修改：%1。</translation>
    </message>
    <message>
        <source>This is the last patch of the queue.</source>
        <translation>这是队列中的最后一个图块。</translation>
    </message>
    <message>
        <source>This is the first patch of the queue.</source>
        <translation>这是队列中的第一个图块。</translation>
    </message>
    <message>
        <source>No stage-1 or stage-2 checkpoint in %1 yet: train first, then compute the scores.</source>
        <translation>%1 中尚无第一阶段或第二阶段检查点：请先训练，再计算评分。</translation>
    </message>
    <message>
        <source>Computing review scores…</source>
        <translation>正在计算审阅评分…</translation>
    </message>
    <message>
        <source>The scores file has no such score; compute the scores again.</source>
        <translation>评分文件中没有该评分；请重新计算评分。</translation>
    </message>
    <message>
        <source>No scores yet: use Compute scores… (needs a stage-1 and a stage-2 checkpoint).</source>
        <translation>尚无评分：请使用“计算评分…”（需要第一阶段和第二阶段检查点）。</translation>
    </message>
    <message>
        <source>This patch could not be opened, so it cannot be accepted; reject or flag it.</source>
        <translation>此图块无法打开，因此不能接受；请拒绝或标记它。</translation>
    </message>
    <message>
        <source>Reviewing the masks of %1.</source>
        <translation>正在审阅 %1 的掩膜。</translation>
    </message>
</context>
<context>
    <name>arml::ui::ReviewQueueModel</name>
    <message>
        <source>unreviewed</source>
        <translation>未审阅</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>corrected</source>
        <translation>已修正</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>已标记</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1: not a scores file (%2)</source>
        <translation>%1：不是评分文件（%2）</translation>
    </message>
    <message>
        <source>Cut from a slide: %1</source>
        <translation>切自切片：%1</translation>
    </message>
    <message>
        <source>No generated mask: starts from the background</source>
        <translation>没有生成的掩膜：从背景开始</translation>
    </message>
    <message>
        <source>Corrected mask saved in edits/</source>
        <translation>修正后的掩膜已保存在 edits/ 中</translation>
    </message>
    <message>
        <source>Relocalization change: %1</source>
        <translation>重定位变化：%1</translation>
    </message>
    <message>
        <source>Peer disagreement: %1</source>
        <translation>同伴模型分歧：%1</translation>
    </message>
    <message>
        <source>by %1</source>
        <translation>审阅人：%1</translation>
    </message>
    <message>
        <source>Patch</source>
        <translation>图块</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>未打开项目。</translation>
    </message>
    <message>
        <source>Not saved: %1. Fix or remove the file, then reopen the project.</source>
        <translation>未保存：%1。请修复或删除该文件，然后重新打开项目。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>No score for this patch (listed last)</source>
        <translation>此图块没有分数（排在最后）</translation>
    </message>
    <message>
        <source>How much relocalization changed the patch&apos;s CAM, largest first; patches without a score last</source>
        <translation>重定位使该图块 CAM 改变的程度，从大到小；没有分数的图块排在最后</translation>
    </message>
    <message>
        <source>How much the two stage-2 peers disagree on the patch, largest first; patches without a score last</source>
        <translation>两个第二阶段同伴模型在该图块上的分歧程度，从大到小；没有分数的图块排在最后</translation>
    </message>
    <message>
        <source>Reloc. ↓</source>
        <translation>重定位 ↓</translation>
    </message>
    <message>
        <source>Disagr. ↓</source>
        <translation>分歧 ↓</translation>
    </message>
    <message>
        <source>%1 — still running</source>
        <translation>%1 — 仍在运行</translation>
    </message>
</context>
<context>
    <name>arml::ui::ReviewSummaryDialog</name>
    <message>
        <source>What reviewers changed</source>
        <translation>审阅者修改了什么</translation>
    </message>
    <message>
        <source>The generated masks the corrections are compared with</source>
        <translation>与修正结果进行比较的生成掩膜</translation>
    </message>
    <message>
        <source>Generated masks</source>
        <translation>生成的掩膜</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>计算中…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Pixels changed per class&lt;/b&gt;</source>
        <translation>&lt;b&gt;各类别的像素变化&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Taken from it</source>
        <translation>从该类移出</translation>
    </message>
    <message>
        <source>Given to it</source>
        <translation>移入该类</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>净变化</translation>
    </message>
    <message>
        <source>&lt;b&gt;Generated (rows) → corrected (columns)&lt;/b&gt;, pixels</source>
        <translation>&lt;b&gt;生成（行）→ 修正（列）&lt;/b&gt;，像素数</translation>
    </message>
    <message>
        <source>No generated masks to compare with.</source>
        <translation>没有可供比较的生成掩膜。</translation>
    </message>
    <message>
        <source>Cannot summarize: %1</source>
        <translation>无法汇总：%1</translation>
    </message>
    <message>
        <source>Corrected patches compared: %1 (%2 unchanged). Pixels changed: %3 of %4 (%5 %).</source>
        <translation>已比较的修正图块：%1 个（%2 个未改动）。改动像素：%3 / %4（%5 %）。</translation>
    </message>
    <message>
        <source>Skipped, without a generated mask in this folder: %1.</source>
        <translation>已跳过（此文件夹中没有生成的掩膜）：%1。</translation>
    </message>
</context>
<context>
    <name>arml::ui::RunController</name>
    <message>
        <source>The job did not stop in time; killing it.</source>
        <translation>任务未能及时停止，正在强制结束。</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cannot write the event log %1: %2</source>
        <translation>无法写入事件日志 %1：%2</translation>
    </message>
    <message>
        <source>Stop requested: the job saves a checkpoint and exits.</source>
        <translation>已请求停止：任务将保存检查点并退出。</translation>
    </message>
    <message>
        <source>artifact %1: %2</source>
        <translation>产出 %1：%2</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>The job crashed (killed by a signal).</source>
        <translation>任务崩溃（被信号终止）。</translation>
    </message>
    <message>
        <source>The job rejected its input (exit code 2).</source>
        <translation>任务拒绝了输入（退出码 2）。</translation>
    </message>
    <message>
        <source>The job failed (exit code %1).</source>
        <translation>任务失败（退出码 %1）。</translation>
    </message>
    <message>
        <source>Its last lines of output:</source>
        <translation>最后几行输出：</translation>
    </message>
</context>
<context>
    <name>arml::ui::RunsPage</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>mIoU</source>
        <translation>mIoU</translation>
    </message>
    <message>
        <source>Select a run to see its settings and metrics; select two (Ctrl+click) to compare their curves.</source>
        <translation>选择一次运行以查看其设置和指标；选择两次运行（Ctrl+单击）可比较它们的曲线。</translation>
    </message>
    <message>
        <source>No runs yet. Jobs started on the Training page are recorded here.</source>
        <translation>暂无运行记录。在“训练”页面启动的任务会记录在这里。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Open run folder</source>
        <translation>打开运行文件夹</translation>
    </message>
    <message>
        <source>Open a project to see its runs.</source>
        <translation>打开项目以查看其运行记录。</translation>
    </message>
    <message>
        <source>Run %1 (%2, %3)</source>
        <translation>运行 %1（%2，%3）</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>文件夹：%1</translation>
    </message>
    <message>
        <source>%1 (problem)</source>
        <translation>%1（有问题）</translation>
    </message>
    <message>
        <source>Problem: %1</source>
        <translation>问题：%1</translation>
    </message>
    <message>
        <source>Command: %1</source>
        <translation>命令：%1</translation>
    </message>
    <message>
        <source>Final metrics:</source>
        <translation>最终指标：</translation>
    </message>
    <message>
        <source>Only the first two selected runs are compared.</source>
        <translation>仅比较所选的前两次运行。</translation>
    </message>
    <message>
        <source>epoch (mean loss of each epoch)</source>
        <translation>轮次（每轮的平均损失）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Test mIoU where the run has one, else the best validation mIoU of its epochs</source>
        <translation>有测试 mIoU 时为测试 mIoU，否则为各轮次中最佳的验证 mIoU</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 of this run</source>
        <translation>本次运行的%1</translation>
    </message>
    <message>
        <source>Run %1 (%2, %3): %4 %5</source>
        <translation>运行 %1（%2，%3）：%4 %5</translation>
    </message>
    <message>
        <source>Settings (%1):</source>
        <translation>设置（%1）：</translation>
    </message>
    <message>
        <source>Use this run</source>
        <translation>使用此运行</translation>
    </message>
    <message>
        <source>Make the selected finished run the project&apos;s current run: its models and masks are used on every page (Compare CAMs, review scores, Slides, training stage 2)</source>
        <translation>将所选的已完成运行设为项目的当前运行：所有页面（比较 CAM、审阅评分、切片、第二阶段训练）都使用其模型和掩膜</translation>
    </message>
    <message>
        <source>%1 (current)</source>
        <translation>%1（当前）</translation>
    </message>
    <message>
        <source>Read the project&apos;s runs again</source>
        <translation>重新读取项目的运行记录</translation>
    </message>
    <message>
        <source>Show the selected run&apos;s folder in the file manager</source>
        <translation>在文件管理器中显示所选运行的文件夹</translation>
    </message>
</context>
<context>
    <name>arml::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>all cores</source>
        <translation>全部核心</translation>
    </message>
    <message>
        <source>automatic: %1</source>
        <translation>自动：%1</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Compute &amp;device:</source>
        <translation>计算设备(&amp;D)：</translation>
    </message>
    <message>
        <source>Compute &amp;threads:</source>
        <translation>计算线程(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Projects folder:</source>
        <translation>项目文件夹(&amp;P)：</translation>
    </message>
    <message>
        <source>D&amp;atasets folder:</source>
        <translation>数据集文件夹(&amp;A)：</translation>
    </message>
    <message>
        <source>`arml` &amp;program:</source>
        <translation>`arml` 程序(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>A new language applies the next time ARML Studio starts.</source>
        <translation>新语言将在下次启动 ARML Studio 时生效。</translation>
    </message>
</context>
<context>
    <name>arml::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Find an action or a key</source>
        <translation>查找操作或按键</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
</context>
<context>
    <name>arml::ui::SlideInferenceDialog</name>
    <message>
        <source>Run inference on %1</source>
        <translation>对 %1 运行推理</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>a stage-2 checkpoint (.pt) or an smp PSPNet .pth</source>
        <translation>第二阶段检查点（.pt）或 smp PSPNet 权重（.pth）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Stage-2 checkpoint</source>
        <translation>第二阶段检查点</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth);;All files (*)</source>
        <translation>检查点 (*.pt *.pth);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Output pyramid</source>
        <translation>输出金字塔</translation>
    </message>
    <message>
        <source>Class-mask pyramid</source>
        <translation>类别掩膜金字塔</translation>
    </message>
    <message>
        <source>Pyramidal TIFF (*.tiff *.tif)</source>
        <translation>金字塔 TIFF (*.tiff *.tif)</translation>
    </message>
    <message>
        <source>Pyramid level</source>
        <translation>金字塔层级</translation>
    </message>
    <message>
        <source>µm per pixel (the model&apos;s training resolution)</source>
        <translation>每像素 µm（模型的训练分辨率）</translation>
    </message>
    <message>
        <source>Downsample from level 0</source>
        <translation>相对第 0 层的下采样倍数</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <source> of %1</source>
        <translation> / %1</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source> µm/px</source>
        <translation> µm/px</translation>
    </message>
    <message>
        <source>Working resolution</source>
        <translation>工作分辨率</translation>
    </message>
    <message>
        <source>Downsample</source>
        <translation>下采样倍数</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>This slide&apos;s file does not state its resolution. Give its level-0 µm per pixel to choose the working resolution in µm/px.</source>
        <translation>此切片文件未注明分辨率。请填写其第 0 层的每像素 µm 值，才能以 µm/px 选择工作分辨率。</translation>
    </message>
    <message>
        <source>Slide&apos;s level-0 resolution</source>
        <translation>切片第 0 层分辨率</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Tile size</source>
        <translation>图块尺寸</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Choose a stage-2 checkpoint.</source>
        <translation>请选择第二阶段检查点。</translation>
    </message>
    <message>
        <source>%1: no such file.</source>
        <translation>%1：文件不存在。</translation>
    </message>
    <message>
        <source>Choose where to write the class-mask pyramid.</source>
        <translation>请选择类别掩膜金字塔的保存位置。</translation>
    </message>
    <message>
        <source>%1: the output must be a .tif or .tiff file.</source>
        <translation>%1：输出必须是 .tif 或 .tiff 文件。</translation>
    </message>
    <message>
        <source>%1 does not state its µm per pixel: choose a pyramid level, or give the slide&apos;s own resolution.</source>
        <translation>%1 未注明每像素 µm 值：请选择金字塔层级，或填写该切片自身的分辨率。</translation>
    </message>
</context>
<context>
    <name>arml::ui::SlidePage</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>Open slide…</source>
        <translation>打开切片…</translation>
    </message>
    <message>
        <source>Open overlay…</source>
        <translation>打开叠加层…</translation>
    </message>
    <message>
        <source>A class-mask pyramid (.tif) written by slide inference</source>
        <translation>由切片推理生成的类别掩膜金字塔（.tif）</translation>
    </message>
    <message>
        <source>Drop a slide (.svs, .tif, .ndpi, .mrxs, …) here or open one.</source>
        <translation>将切片（.svs、.tif、.ndpi、.mrxs 等）拖放到此处，或打开一个切片。</translation>
    </message>
    <message>
        <source>Run inference on this slide…</source>
        <translation>对此切片运行推理…</translation>
    </message>
    <message>
        <source>Segment the whole slide with a stage-2 model (an arml predict job); the result opens as the overlay</source>
        <translation>用第二阶段模型分割整张切片（arml predict 任务）；结果将作为叠加层打开</translation>
    </message>
    <message>
        <source>Segment the visible region now with the stage-2 model, at the model&apos;s resolution</source>
        <translation>立即以模型分辨率用第二阶段模型分割可见区域</translation>
    </message>
    <message>
        <source>CAM of this view (C)</source>
        <translation>当前视野的 CAM (C)</translation>
    </message>
    <message>
        <source>Class activation map of the visible region with the stage-1 classifier</source>
        <translation>用第一阶段分类模型计算可见区域的类激活图（CAM）</translation>
    </message>
    <message>
        <source>Drag a rectangle on the slide: it is cut into training-size patches that are added to the project&apos;s review queue (Esc cancels)</source>
        <translation>在切片上拖出一个矩形：该区域将被切成训练尺寸的图块并加入项目的审阅队列（Esc 取消）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>No slide open. Open one with “Open slide…” or drop it here.</source>
        <translation>未打开切片。请用“打开切片…”打开，或将切片拖放到此处。</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>叠加层</translation>
    </message>
    <message>
        <source>Show overlay (O)</source>
        <translation>显示叠加层 (O)</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Associated images (double-click to view)</source>
        <translation>关联图像（双击查看）</translation>
    </message>
    <message>
        <source>Cannot open this slide: %1</source>
        <translation>无法打开此切片：%1</translation>
    </message>
    <message>
        <source>No slide open.</source>
        <translation>未打开切片。</translation>
    </message>
    <message>
        <source>Part of this slide could not be read (the file may be truncated or damaged): %1</source>
        <translation>此切片有部分内容无法读取（文件可能不完整或已损坏）：%1</translation>
    </message>
    <message>
        <source>Cannot open this overlay: %1</source>
        <translation>无法打开此叠加层：%1</translation>
    </message>
    <message>
        <source>Computing %1 piece(s)…</source>
        <translation>正在计算 %1 个分块…</translation>
    </message>
    <message>
        <source>CAM of the view: %1 piece(s) in %2</source>
        <translation>视野 CAM：%1 个分块，用时 %2</translation>
    </message>
    <message>
        <source>Prediction of the view: %1 piece(s) in %2</source>
        <translation>视野预测：%1 个分块，用时 %2</translation>
    </message>
    <message>
        <source>Failed after %1 of %2 piece(s).</source>
        <translation>在完成 %1 / %2 个分块后失败。</translation>
    </message>
    <message>
        <source>Cannot compute the layer for this view: %1</source>
        <translation>无法为当前视野计算图层：%1</translation>
    </message>
    <message>
        <source>Stopped after %1 of %2 piece(s).</source>
        <translation>在完成 %1 / %2 个分块后停止。</translation>
    </message>
    <message>
        <source>Models and resolution</source>
        <translation>模型与分辨率</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth);;All files (*)</source>
        <translation>检查点 (*.pt *.pth);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Segmenter</source>
        <translation>分割模型</translation>
    </message>
    <message>
        <source>Stage-2 checkpoint</source>
        <translation>第二阶段检查点</translation>
    </message>
    <message>
        <source>stage-2 checkpoint</source>
        <translation>第二阶段检查点</translation>
    </message>
    <message>
        <source>Classifier</source>
        <translation>分类模型</translation>
    </message>
    <message>
        <source>Stage-1 checkpoint</source>
        <translation>第一阶段检查点</translation>
    </message>
    <message>
        <source>stage-1 checkpoint (CAMs)</source>
        <translation>第一阶段检查点（CAM）</translation>
    </message>
    <message>
        <source>µm/px</source>
        <translation>µm/px</translation>
    </message>
    <message>
        <source>level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>The model&apos;s training resolution: the live layers and review patches are read at it</source>
        <translation>模型的训练分辨率：实时图层和审阅图块均按此分辨率读取</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Side of the review patches at the working resolution (the training size)</source>
        <translation>审阅图块在工作分辨率下的边长（即训练尺寸）</translation>
    </message>
    <message>
        <source>Patch size</source>
        <translation>图块尺寸</translation>
    </message>
    <message>
        <source>Rectangle (drag)</source>
        <translation>矩形（拖动）</translation>
    </message>
    <message>
        <source>Polygon (click corners, double-click to close)</source>
        <translation>多边形（单击各顶点，双击闭合）</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>CAM class</source>
        <translation>CAM 类别</translation>
    </message>
    <message>
        <source>CAM colours</source>
        <translation>CAM 配色</translation>
    </message>
    <message>
        <source>Open a project first: regions go to its review queue</source>
        <translation>请先打开项目：区域将加入该项目的审阅队列</translation>
    </message>
    <message>
        <source>Open slide</source>
        <translation>打开切片</translation>
    </message>
    <message>
        <source>Whole-slide images (*.svs *.tif *.tiff *.ndpi *.vms *.vmu *.scn *.mrxs *.svslide *.bif);;All files (*)</source>
        <translation>全切片图像 (*.svs *.tif *.tiff *.ndpi *.vms *.vmu *.scn *.mrxs *.svslide *.bif);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open class-mask overlay</source>
        <translation>打开类别掩膜叠加层</translation>
    </message>
    <message>
        <source>Class-mask pyramids (*.tif *.tiff);;All files (*)</source>
        <translation>类别掩膜金字塔 (*.tif *.tiff);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %2 × %3 px, %n level(s)</source>
        <translation>
            <numerusform>%1 — %2 × %3 px，%n 个层级</numerusform>
        </translation>
    </message>
    <message>
        <source>, %1 µm/px</source>
        <translation>，%1 µm/px</translation>
    </message>
    <message>
        <source>, no resolution metadata</source>
        <translation>，无分辨率元数据</translation>
    </message>
    <message>
        <source>%1 is %2 × %3 px with no smaller overview level: it can be viewed down to 1:%4 only and has no minimap. A pyramidal copy (for example: vips tiffsave IN OUT.tif --tile --pyramid) can be seen whole.</source>
        <translation>%1 为 %2 × %3 px，且没有更小的概览层级：最多只能缩小到 1:%4 查看，也没有缩略导航图。转换为金字塔格式的副本（例如：vips tiffsave IN OUT.tif --tile --pyramid）即可查看全貌。</translation>
    </message>
    <message>
        <source>Starting %1…</source>
        <translation>正在启动 %1…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>%1 / %2 tiles · %3 left</source>
        <translation>%1 / %2 个图块 · 剩余 %3</translation>
    </message>
    <message>
        <source>Slide inference finished in %1; its class mask is the overlay: %2</source>
        <translation>切片推理完成，用时 %1；其类别掩膜已作为叠加层：%2</translation>
    </message>
    <message>
        <source>Slide inference of %1 finished: %2</source>
        <translation>%1 的切片推理已完成：%2</translation>
    </message>
    <message>
        <source>Slide inference stopped. Running it again with the same settings continues where it stopped.</source>
        <translation>切片推理已停止。以相同设置再次运行将从停止处继续。</translation>
    </message>
    <message>
        <source>Slide inference failed: %1</source>
        <translation>切片推理失败：%1</translation>
    </message>
    <message>
        <source>Loading the segmenter…</source>
        <translation>正在加载分割模型…</translation>
    </message>
    <message>
        <source>Loading the classifier…</source>
        <translation>正在加载分类模型…</translation>
    </message>
    <message>
        <source>%1 of %2 piece(s) done…</source>
        <translation>已完成 %1 / %2 个分块…</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>Open a project first: regions go to its review queue.</source>
        <translation>请先打开项目：区域将加入该项目的审阅队列。</translation>
    </message>
    <message>
        <source>Cutting the region into patches…</source>
        <translation>正在将区域切分为图块…</translation>
    </message>
    <message>
        <source>Cannot send the region to the review queue: %1</source>
        <translation>无法将区域加入审阅队列：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n patch(es) sent to the review queue (%1 with a predicted mask, %2 new): %3</source>
        <translation>
            <numerusform>已将 %n 个图块加入审阅队列（%1 个带预测掩膜，%2 个为新增）：%3</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot read the associated image “%1”.</source>
        <translation>无法读取关联图像“%1”。</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Predict this view (V)</source>
        <translation>预测当前视野 (V)</translation>
    </message>
    <message>
        <source>Send region to review (S)</source>
        <translation>将区域送审 (S)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>loose file</source>
        <translation>独立文件</translation>
    </message>
    <message>
        <source>current run %1</source>
        <translation>当前运行 %1</translation>
    </message>
    <message>
        <source>run %1 (the current run&apos;s stage 1)</source>
        <translation>运行 %1（当前运行的第一阶段）</translation>
    </message>
    <message>
        <source>run %1 (not the current run)</source>
        <translation>运行 %1（非当前运行）</translation>
    </message>
    <message>
        <source>Segmenter: %1 · classifier: %2</source>
        <translation>分割器：%1 · 分类器：%2</translation>
    </message>
</context>
<context>
    <name>arml::ui::SlideToolbar</name>
    <message>
        <source>Open slide…</source>
        <translation>打开切片…</translation>
    </message>
    <message>
        <source>Open overlay…</source>
        <translation>打开叠加层…</translation>
    </message>
    <message>
        <source>A class-mask pyramid (.tif) written by slide inference</source>
        <translation>由切片推理生成的类别掩膜金字塔（.tif）</translation>
    </message>
    <message>
        <source>Run inference on this slide…</source>
        <translation>对此切片运行推理…</translation>
    </message>
    <message>
        <source>Segment the whole slide with a stage-2 model (an arml predict job)</source>
        <translation>用第二阶段模型分割整张切片（一个 arml predict 任务）</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Drag to move, wheel to zoom</source>
        <translation>拖动以移动，滚轮缩放</translation>
    </message>
    <message>
        <source>Send region to review</source>
        <translation>将区域送审</translation>
    </message>
    <message>
        <source>Drag a rectangle on the slide: it is cut into training-size patches for the review queue</source>
        <translation>在切片上拖出矩形：它被切成训练尺寸的图块，加入审阅队列</translation>
    </message>
    <message>
        <source>Predict this view</source>
        <translation>预测当前视野</translation>
    </message>
    <message>
        <source>Segment the visible region with the stage-2 model</source>
        <translation>用第二阶段模型分割可见区域</translation>
    </message>
    <message>
        <source>CAM of this view</source>
        <translation>当前视野的 CAM</translation>
    </message>
    <message>
        <source>Class activation map of the visible region</source>
        <translation>可见区域的类激活图</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Fit the slide</source>
        <translation>缩放至整张切片</translation>
    </message>
    <message>
        <source>Show overlay</source>
        <translation>显示叠加层</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>arml::ui::TrainingPage</name>
    <message>
        <source>Whole pipeline</source>
        <translation>完整流程</translation>
    </message>
    <message>
        <source>Stage 1: train the classifier</source>
        <translation>阶段 1：训练分类器</translation>
    </message>
    <message>
        <source>Pseudo masks (Grad-CAM)</source>
        <translation>伪掩膜（Grad-CAM）</translation>
    </message>
    <message>
        <source>Stage 2: train the segmenter</source>
        <translation>阶段 2：训练分割网络</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>paper (reference settings)</source>
        <translation>paper（参考设置）</translation>
    </message>
    <message>
        <source>cpu-demo (small and fast)</source>
        <translation>cpu-demo（小而快）</translation>
    </message>
    <message>
        <source>dataset root with train/, val/, test/</source>
        <translation>包含 train/、val/、test/ 的数据集根目录</translation>
    </message>
    <message>
        <source>checkpoint of a stage-1 or stage-2 run</source>
        <translation>阶段 1 或阶段 2 运行的检查点</translation>
    </message>
    <message>
        <source>folder of pseudo-mask PNGs</source>
        <translation>伪掩膜 PNG 文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>数据集文件夹</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>Pseudo-mask folder</source>
        <translation>伪掩膜文件夹</translation>
    </message>
    <message>
        <source>Model checkpoint</source>
        <translation>模型检查点</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth *.params);;All files (*)</source>
        <translation>检查点 (*.pt *.pth *.params);;所有文件 (*)</translation>
    </message>
    <message>
        <source>ResNet38d (full, 105 M parameters)</source>
        <translation>ResNet38d（完整，1.05 亿参数）</translation>
    </message>
    <message>
        <source>ResNet38d lite (width / 8)</source>
        <translation>ResNet38d 精简版（宽度 / 8）</translation>
    </message>
    <message>
        <source>reference (as the published code)</source>
        <translation>reference（与公开代码一致）</translation>
    </message>
    <message>
        <source>intended (as the paper describes)</source>
        <translation>intended（按论文描述）</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Grad-CAM layers, comma-separated: bn7, b5_2, b4_5</source>
        <translation>Grad-CAM 层，逗号分隔：bn7、b5_2、b4_5</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>val</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>all cores</source>
        <translation>全部核心</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>&amp;Job:</source>
        <translation>任务(&amp;J)：</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>预设(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation>数据集(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Output:</source>
        <translation>输出(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>Mas&amp;ks:</source>
        <translation>掩膜(&amp;K)：</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>网络：</translation>
    </message>
    <message>
        <source>ARS mode:</source>
        <translation>ARS 模式：</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>训练轮数(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>批大小(&amp;B)：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>数据划分：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Start the job (Ctrl+R)</source>
        <translation>开始任务（Ctrl+R）</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop: the job saves a checkpoint and exits (Ctrl+.)</source>
        <translation>停止：任务保存检查点后退出（Ctrl+.）</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the command line to the clipboard</source>
        <translation>将命令行复制到剪贴板</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>No job running.</source>
        <translation>没有正在运行的任务。</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Plot exported to %1</source>
        <translation>图表已导出到 %1</translation>
    </message>
    <message>
        <source>Could not export the plot to %1</source>
        <translation>无法将图表导出到 %1</translation>
    </message>
    <message>
        <source>PNG image…</source>
        <translation>PNG 图像…</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing…</source>
        <translation>SVG 矢量图…</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>CSV table…</source>
        <translation>CSV 表格…</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>The job&apos;s messages appear here.</source>
        <translation>任务的输出信息显示在这里。</translation>
    </message>
    <message>
        <source>automatic: masks/&lt;new run&gt;</source>
        <translation>自动：masks/&lt;新运行&gt;</translation>
    </message>
    <message>
        <source>automatic: runs/&lt;new run&gt;</source>
        <translation>自动：runs/&lt;新运行&gt;</translation>
    </message>
    <message>
        <source>folder for checkpoints and results</source>
        <translation>用于保存检查点和结果的文件夹</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cannot start:&lt;/b&gt;</source>
        <translation>&lt;b&gt;无法开始：&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>$ %1</source>
        <translation>$ %1</translation>
    </message>
    <message>
        <source>Cannot write the run record: %1</source>
        <translation>无法写入运行记录：%1</translation>
    </message>
    <message>
        <source>%1 · epoch %2/%3</source>
        <translation>%1 · 第 %2/%3 轮</translation>
    </message>
    <message>
        <source> · step %1/%2</source>
        <translation> · 第 %1/%2 步</translation>
    </message>
    <message>
        <source> · %1 images/s</source>
        <translation> · %1 张图像/秒</translation>
    </message>
    <message>
        <source> · loss %1</source>
        <translation> · 损失 %1</translation>
    </message>
    <message>
        <source>epoch %1 (%2): %3</source>
        <translation>第 %1 轮（%2）：%3</translation>
    </message>
    <message>
        <source>%1 · %2 of %3</source>
        <translation>%1 · %2 / %3</translation>
    </message>
    <message>
        <source> · ETA %1</source>
        <translation> · 预计剩余 %1</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>Stopped. Resume continues from the last checkpoint.</source>
        <translation>已停止。“继续”将从最后的检查点接着运行。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Resuming %1 from %2 at epoch %3, step %4.</source>
        <translation>从 %2 继续 %1：第 %3 轮，第 %4 步。</translation>
    </message>
    <message>
        <source>Use reviewed masks</source>
        <translation>使用审阅后的掩膜</translation>
    </message>
    <message>
        <source>Corrected masks (edits/) where they exist, rejected patches left out: --edits &lt;project&gt;/edits --review &lt;project&gt;/review.json. The run records which mask set it used.</source>
        <translation>有修正掩膜（edits/）的图块使用修正掩膜，排除已拒绝的图块：--edits &lt;project&gt;/edits --review &lt;project&gt;/review.json。运行记录会保存所用的掩膜集。</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Training patches are resized to this square size</source>
        <translation>训练图块会被缩放为此边长的正方形</translation>
    </message>
    <message>
        <source>Patch size:</source>
        <translation>图块尺寸：</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source> · this step&apos;s ETA %1</source>
        <translation> · 本步骤预计剩余 %1</translation>
    </message>
    <message>
        <source>Worker processes: one per GPU, or several CPU processes (--nproc). The live plots show the first process&apos;s stream.</source>
        <translation>工作进程数：每个 GPU 一个，或多个 CPU 进程（--nproc）。实时曲线显示第一个进程的数据流。</translation>
    </message>
    <message>
        <source>Synchronise BatchNorm over the processes</source>
        <translation>跨进程同步 BatchNorm</translation>
    </message>
    <message>
        <source>BatchNorm normalises with the statistics of the whole batch, exchanged between the processes (SyncBN, --sync-batch-norm): as one process would train, but slower. Off, each process uses its own share of the batch, as PyTorch&apos;s DDP.</source>
        <translation>BatchNorm 用整个批次的统计量归一化，统计量在进程之间交换（SyncBN，--sync-batch-norm）：与单进程训练一致，但更慢。关闭时每个进程只用自己那一份批次的统计量，与 PyTorch 的 DDP 相同。</translation>
    </message>
    <message>
        <source>no: the train/ labels</source>
        <translation>否：使用 train/ 的标签</translation>
    </message>
    <message>
        <source>from the val masks</source>
        <translation>从 val 的掩膜推导</translation>
    </message>
    <message>
        <source>from the test masks</source>
        <translation>从 test 的掩膜推导</translation>
    </message>
    <message>
        <source>For data without image-level labels: train on a split that has pixel masks, its labels derived from them (--derive-labels-from-masks)</source>
        <translation>用于没有图像级标签的数据：在带像素掩膜的数据划分上训练，标签由其掩膜推导（--derive-labels-from-masks）</translation>
    </message>
    <message>
        <source>e.g. stage1.batch=4 stage2.epochs=3</source>
        <translation>例如 stage1.batch=4 stage2.epochs=3</translation>
    </message>
    <message>
        <source>Any setting of the run&apos;s config.json, as key.path=value separated by spaces (--set); an entry with spaces in double quotes</source>
        <translation>运行的 config.json 中的任意设置，写作 key.path=value，以空格分隔（--set）；含空格的条目用双引号括起</translation>
    </message>
    <message>
        <source>Derive labels:</source>
        <translation>推导标签：</translation>
    </message>
    <message>
        <source>O&amp;verrides:</source>
        <translation>覆盖设置(&amp;V)：</translation>
    </message>
    <message>
        <source>Processes:</source>
        <translation>进程数：</translation>
    </message>
    <message>
        <source>Save the curves as a PNG image, an SVG drawing or a CSV table</source>
        <translation>将曲线保存为 PNG 图像、SVG 矢量图或 CSV 表格</translation>
    </message>
    <message>
        <source>Continue the last stopped run from its checkpoint (Ctrl+Shift+R)</source>
        <translation>从检查点继续上次停止的运行 (Ctrl+Shift+R)</translation>
    </message>
</context>
<context>
    <name>arml::ui::ViewPredictor</name>
    <message>
        <source>no slide is open</source>
        <translation>未打开切片</translation>
    </message>
    <message>
        <source>choose a stage-2 checkpoint first</source>
        <translation>请先选择第二阶段检查点</translation>
    </message>
    <message>
        <source>choose a stage-1 checkpoint first</source>
        <translation>请先选择第一阶段检查点</translation>
    </message>
    <message>
        <source>the view shows no part of the slide</source>
        <translation>当前视野中没有切片的任何部分</translation>
    </message>
    <message>
        <source>the view is %1 × %2 px at the model&apos;s resolution (%3); zoom in to at most %4 megapixels or run inference on the whole slide</source>
        <translation>在模型分辨率（%3）下当前视野为 %1 × %2 px；请放大到不超过 %4 百万像素，或对整张切片运行推理</translation>
    </message>
    <message>
        <source>level %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <source>the inference engine is not available</source>
        <translation>推理引擎不可用</translation>
    </message>
</context>
<context>
    <name>arml::widgets::CamCompareView</name>
    <message>
        <source>Show overlay (O)</source>
        <translation>显示叠加层 (O)</translation>
    </message>
    <message>
        <source>Class whose activation map is shown (keys 1–9)</source>
        <translation>显示其激活图的类别（按键 1–9）</translation>
    </message>
    <message>
        <source>Global</source>
        <translation>全局</translation>
    </message>
    <message>
        <source>Per class</source>
        <translation>按类别</translation>
    </message>
    <message>
        <source>Overlay opacity</source>
        <translation>叠加层不透明度</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>并排</translation>
    </message>
    <message>
        <source>Swipe</source>
        <translation>滑动对比</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差值</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>配色</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>vs</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>%1 · p(%2) = %3</source>
        <translation>%1 · p(%2) = %3</translation>
    </message>
    <message>
        <source>Open a patch to compare its CAMs.</source>
        <translation>打开一个图块以比较其 CAM。</translation>
    </message>
    <message>
        <source>◀ %1</source>
        <translation>◀ %1</translation>
    </message>
    <message>
        <source>%1 ▶</source>
        <translation>%1 ▶</translation>
    </message>
    <message>
        <source>%1 − %2 (%3)</source>
        <translation>%1 − %2（%3）</translation>
    </message>
    <message>
        <source>Both panels need a map of this image to compare.</source>
        <translation>两个面板都需要此图像的激活图才能比较。</translation>
    </message>
    <message>
        <source>no map for this class</source>
        <translation>此类别没有激活图</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>−1 (%1 higher)</source>
        <translation>−1（%1 更高）</translation>
    </message>
    <message>
        <source>+1 (%1 higher)</source>
        <translation>+1（%1 更高）</translation>
    </message>
    <message>
        <source>Global: one range over all classes of a panel; per class: each class on its own (L)</source>
        <translation>全局：同一面板的所有类别共用一个取值范围；按类别：每个类别单独归一化（L）</translation>
    </message>
</context>
<context>
    <name>arml::widgets::LossPlot</name>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>loss (smoothed)</source>
        <translation>损失（平滑）</translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation>训练曲线</translation>
    </message>
</context>
<context>
    <name>arml::widgets::MaskCanvas</name>
    <message>
        <source>Erase</source>
        <translation>擦除</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>画笔</translation>
    </message>
    <message>
        <source>Bucket fill</source>
        <translation>油漆桶填充</translation>
    </message>
    <message>
        <source>Relabel region</source>
        <translation>重新标注区域</translation>
    </message>
    <message>
        <source>Polygon fill</source>
        <translation>多边形填充</translation>
    </message>
</context>
<context>
    <name>arml::widgets::MaskUndoHistory</name>
    <message>
        <source>Mask as opened</source>
        <translation>打开时的掩膜</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
</context>
<context>
    <name>arml::widgets::ReviewQueueView</name>
    <message>
        <source>File order</source>
        <translation>文件顺序</translation>
    </message>
    <message>
        <source>By class</source>
        <translation>按类别</translation>
    </message>
    <message>
        <source>By relocalization change</source>
        <translation>按重定位变化</translation>
    </message>
    <message>
        <source>By peer disagreement</source>
        <translation>按同伴模型分歧</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>排序</translation>
    </message>
    <message>
        <source>Compute scores…</source>
        <translation>计算评分…</translation>
    </message>
    <message>
        <source>Runs `arml review-scores`: how much relocalization changed each patch&apos;s CAM and how much the two stage-2 peers disagree on it</source>
        <translation>运行 `arml review-scores`：计算重定位对每个图块 CAM 的改变程度，以及两个第二阶段同伴模型在该图块上的分歧程度</translation>
    </message>
    <message>
        <source>any state</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <source>any class</source>
        <translation>任意类别</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Note on this patch (T), Enter keeps it</source>
        <translation>此图块的备注（T），按 Enter 保存</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>What reviewers changed…</source>
        <translation>审阅者修改了什么…</translation>
    </message>
    <message>
        <source>Train stage 2 on reviewed masks</source>
        <translation>用审阅后的掩膜训练第二阶段</translation>
    </message>
    <message>
        <source>Prepares a stage-2 job on the Training page that trains on the corrected masks where they exist and leaves out rejected patches</source>
        <translation>在“训练”页面准备一个第二阶段任务：有修正掩膜的图块使用修正掩膜训练，并排除已拒绝的图块</translation>
    </message>
    <message>
        <source>No scores yet: use Compute scores…</source>
        <translation>尚无评分：请使用“计算评分…”</translation>
    </message>
    <message>
        <source>%1 / %2 reviewed, %3 corrected, %4 rejected, %5 flagged</source>
        <translation>已审阅 %1 / %2，已修正 %3，已拒绝 %4，已标记 %5</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Masks</source>
        <translation>掩膜</translation>
    </message>
    <message>
        <source>no generated masks yet</source>
        <translation>尚无生成的掩膜</translation>
    </message>
    <message>
        <source>A pseudo-mask job or a pipeline writes the masks reviewed here</source>
        <translation>伪掩膜任务或流水线会写入在此审阅的掩膜</translation>
    </message>
    <message>
        <source>The generated masks under review; corrections and states belong to the patch and stay whichever set is shown</source>
        <translation>正在审阅的生成掩膜；修正和状态属于图块本身，无论显示哪一组掩膜都会保留</translation>
    </message>
    <message>
        <source>choose the masks to review</source>
        <translation>选择要审阅的掩膜</translation>
    </message>
</context>
<context>
    <name>arml::widgets::ScaleBar</name>
    <message>
        <source>no resolution metadata — scale unknown</source>
        <translation>无分辨率元数据 — 比例尺未知</translation>
    </message>
</context>
<context>
    <name>arml::widgets::SlideView</name>
    <message>
        <source>No slide open.</source>
        <translation>未打开切片。</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>Opening the slide…</source>
        <translation>正在打开切片…</translation>
    </message>
    <message>
        <source>level %1 · %2 %</source>
        <translation>第 %1 层 · %2 %</translation>
    </message>
    <message>
        <source> · %1×</source>
        <translation> · %1×</translation>
    </message>
</context>
</TS>
